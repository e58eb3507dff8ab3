import { newId } from "@shoebox/runtime";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type LocalPhotosApi, startPhotosApi } from "../helpers/local-aws.ts";

/*
 * The read API behind the per-user request limit, through moto. The clock is frozen (Date only)
 * so every request falls in one window: 2 a second with a burst of 4 is 4 requests per 2 s.
 */

const NOW = new Date("2026-11-24T10:00:00.500Z");
const BURST = 4;

let api: LocalPhotosApi;
const get = async (
  subject: string,
  route: "/photos" | "/photos/{id}" | "/batches/{id}",
): Promise<APIGatewayProxyStructuredResultV2> =>
  api.call({ method: "GET", route, pathParameters: { id: newId() }, subject });

beforeAll(async () => {
  api = await startPhotosApi({ USER_REQUESTS_PER_SECOND: "2", USER_REQUEST_BURST: String(BURST) });
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterAll(async () => {
  vi.useRealTimers();
  await api?.moto.stop();
});

describe("GET /photos, /photos/{id}, /batches/{id}, per-user request limit", () => {
  it("answers 429 with Retry-After past the burst, counting every route, while another user is still served", async () => {
    // Prepare: the burst, spread over the three routes (one window per user, not per route).
    const served = await Promise.all([
      get("reader-alice", "/photos"),
      get("reader-alice", "/photos/{id}"),
      get("reader-alice", "/batches/{id}"),
      get("reader-alice", "/photos"),
    ]);

    // Act
    const refused = await get("reader-alice", "/photos/{id}");
    const other = await get("reader-bob", "/photos");

    // Assess
    expect(served.map((response) => response.statusCode).sort()).toEqual([200, 200, 404, 404]);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers?.["retry-after"]).toBe("2");
    expect(JSON.parse(String(refused.body))).toEqual({
      message: `too many requests: at most ${BURST} every 2 s; try again at 2026-11-24T10:00:02.000Z`,
      limit: "requests",
      resetsAt: "2026-11-24T10:00:02.000Z",
    });
    expect(other.statusCode).toBe(200);
  });

  it("lets exactly the burst through when many requests arrive at once", async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => get("crowd-carol", "/photos")));

    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(BURST);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - BURST);
  });
});
