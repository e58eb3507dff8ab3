import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReceiptHints } from "@shoebox/schemas";
import { afterEach, describe, expect, it } from "vitest";
import { reviewAnswerer } from "../src/review-answers.ts";

/*
 * The review API as the answerer sees it: GET /reviews pages through the pending reviews,
 * POST /reviews/{id} decides one (409 once decided). A stand-in server keeps the test about the
 * answerer's own logic; the devstack end-to-end suite covers the real reviews-api.
 */
const summary = (id: string) => ({
  reviewId: id,
  photoId: id,
  status: "PENDING",
  round: 1,
  reasons: [{ code: "HINT_DISAGREES", field: "merchant", message: "read otherwise" }],
  fields: { merchant: "Misread" },
  requestedAt: "2026-12-03T10:00:00.000Z",
  deadlineAt: "2026-12-06T10:00:00.000Z",
});

const bodyOf = async (request: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
};

const startReviewApi = async (pages: string[][], decidedAlready: string[] = []) => {
  const decisions: Array<{ id: string; body: unknown; authorization?: string }> = [];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (request.method === "GET" && url.pathname === "/reviews") {
      const page = Number(url.searchParams.get("nextToken") ?? 0);
      const next = page + 1 < pages.length ? { nextToken: String(page + 1) } : {};
      response.end(JSON.stringify({ reviews: (pages[page] ?? []).map(summary), ...next }));
      return;
    }
    const id = url.pathname.split("/").pop() ?? "";
    decisions.push({ id, body: await bodyOf(request), authorization: request.headers.authorization });
    response.statusCode = decidedAlready.includes(id) ? 409 : 200;
    response.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { apiUrl, decisions, close: () => new Promise((resolve) => server.close(resolve)) };
};

let close: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("reviewAnswerer", () => {
  it("corrects every pending review of the run, on every page, to what is printed on the receipt", async () => {
    // Prepare: two pages of reviews; one photo is not the run's
    const api = await startReviewApi([["photo-a", "someone-else"], ["photo-b"]]);
    close = api.close;
    const printed: Record<string, ReceiptHints> = {
      "photo-a": { merchant: "Corner Shop", date: "2026-11-20", total: 12.49, currency: "EUR" },
      "photo-b": { merchant: "Bäckerei", date: "2026-11-21", total: 3.1, currency: "EUR" },
    };
    const reviews = reviewAnswerer({ apiUrl: api.apiUrl, token: "t0k", printedOn: (id) => printed[id] });

    // Act
    await reviews.answerPending();

    // Assert
    expect(api.decisions).toEqual([
      { id: "photo-a", body: { action: "correct", fields: printed["photo-a"] }, authorization: "Bearer t0k" },
      { id: "photo-b", body: { action: "correct", fields: printed["photo-b"] }, authorization: "Bearer t0k" },
    ]);
    expect(reviews.answered).toBe(2);
  });

  it("answers a review once, and counts one decided already (409) as answered", async () => {
    // Prepare: the list still shows a review the API has decided
    const api = await startReviewApi([["photo-a", "photo-b"]], ["photo-b"]);
    close = api.close;
    const hints: ReceiptHints = { merchant: "Shop", date: "2026-11-20", total: 1, currency: "EUR" };
    const reviews = reviewAnswerer({ apiUrl: api.apiUrl, token: "t", printedOn: () => hints });

    // Act: two rounds, as the run polls
    await reviews.answerPending();
    await reviews.answerPending();

    // Assert
    expect(api.decisions.map((decision) => decision.id)).toEqual(["photo-a", "photo-b"]);
    expect(reviews.answered).toBe(2);
  });
});
