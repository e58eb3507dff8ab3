import { execFile } from "node:child_process";
import { createServer } from "node:http";
import path from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { receiptFacts, verificationFiles } from "../../verify-deploy/files.mjs";
import { verifyDeployment } from "../../verify-deploy/flow.mjs";
import { StepFailed, Steps } from "../../verify-deploy/steps.mjs";
import { apiUrlFromOutputs, resolveTarget } from "../../verify-deploy/target.mjs";

/*
 * verify-deploy's parts, and its failures against a small stand-in for the API (a photo the
 * thumbnail function fails, a receipt that waits for review): paths the real stack does not take
 * on its own. The whole flow on the real (local) stack is in tools/devstack/tests/e2e/verify-deploy.ts.
 */

const script = path.resolve(import.meta.dirname, "../../verify-deploy.mjs");
const servers = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** An HTTP server answering `answer(method, path, body)` as JSON: [status, body]. */
const fakeApi = async (answer) => {
  const seen = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      seen.push({ method: request.method, path: request.url, headers: request.headers, body });
      const [status, reply] = answer(request.method, request.url, body);
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(reply));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${server.address().port}`, seen };
};

/** The upload API's answer, the presigned POSTs pointing back at the stand-in. */
const granted = (url) => ({
  batchId: "01JBATCH0000000000000000000",
  correlationId: "chosen-by-the-api",
  uploads: [0, 1].map((index) => ({
    index,
    name: `file-${index}`,
    photoId: `01JPHOTO00000000000000000${index}`,
    key: `uploads/x/${index}`,
    upload: { url: `${url}/s3`, fields: { key: `uploads/x/${index}` } },
    expiresAt: new Date().toISOString(),
  })),
  rejected: [],
});

const runFlow = async (url) => {
  const lines = [];
  const steps = new Steps((line) => lines.push(line));
  const run = { runId: "verify-deploy-20260102T030405Z" };
  const outcome = await verifyDeployment({
    steps,
    env: { SHOEBOX_API_URL: `${url}/`, SHOEBOX_VERIFY_TOKEN: "token" },
    terraformDir: "unused",
    timeouts: { requestMs: 5000, waitMs: 5000 },
    run,
  }).catch((error) => error);
  return { outcome, steps: steps.records, run, lines };
};

describe("verify-deploy's target", () => {
  it("takes the token from SHOEBOX_VERIFY_TOKEN, else from SHOEBOX_VERIFY_TOKEN_COMMAND's stdout", () => {
    expect(
      resolveTarget({ SHOEBOX_API_URL: "https://api.example/", SHOEBOX_VERIFY_TOKEN: " a.b.c\n" }),
    ).toEqual({ apiUrl: "https://api.example", token: "a.b.c" });
    expect(
      resolveTarget({
        SHOEBOX_API_URL: "https://api.example",
        SHOEBOX_VERIFY_TOKEN_COMMAND: "printf 'x.y.z\\n'",
      }),
    ).toEqual({ apiUrl: "https://api.example", token: "x.y.z" });
  });

  it("says why there is no token", () => {
    expect(() => resolveTarget({ SHOEBOX_API_URL: "https://api.example" })).toThrow(
      /^no token: set SHOEBOX_VERIFY_TOKEN, or SHOEBOX_VERIFY_TOKEN_COMMAND/,
    );
    expect(() =>
      resolveTarget({
        SHOEBOX_API_URL: "https://api.example",
        SHOEBOX_VERIFY_TOKEN_COMMAND: "echo denied >&2; exit 3",
      }),
    ).toThrow("SHOEBOX_VERIFY_TOKEN_COMMAND failed (exit 3): denied");
    expect(() =>
      resolveTarget({ SHOEBOX_API_URL: "https://api.example", SHOEBOX_VERIFY_TOKEN_COMMAND: "true" }),
    ).toThrow("SHOEBOX_VERIFY_TOKEN_COMMAND printed no token");
  });

  it("reads the API URL from terraform output -json, and says what to set when there is none", () => {
    expect(
      apiUrlFromOutputs({ http_api_endpoint: { value: "https://abc.execute-api.eu-west-1.amazonaws.com" } }),
    ).toBe("https://abc.execute-api.eu-west-1.amazonaws.com");
    expect(() => apiUrlFromOutputs({})).toThrow(/no http_api_endpoint/);
    expect(() => resolveTarget({ SHOEBOX_VERIFY_TOKEN: "t" }, "/nonexistent/terraform")).toThrow(
      /^terraform -chdir=\/nonexistent\/terraform output -json failed \(set SHOEBOX_API_URL instead\)/,
    );
  });
});

describe("verify-deploy's files", () => {
  it("are real JPEGs named after the run", async () => {
    const { photo, receipt } = await verificationFiles("verify-deploy-20260102T030405Z", new Date());
    expect([photo.name, receipt.name]).toEqual([
      "verify-deploy-20260102T030405Z-photo.jpg",
      "verify-deploy-20260102T030405Z-receipt.jpg",
    ]);
    expect(await sharp(photo.bytes).metadata()).toMatchObject({ format: "jpeg", width: 320, height: 240 });
    expect(await sharp(receipt.bytes).metadata()).toMatchObject({ format: "jpeg", width: 400 });
  });

  it("print today's date and a total of their own to each 18-second window, 1.00 to 49.99", () => {
    const at = (time) => receiptFacts(new Date(`2026-03-14T${time}Z`));
    expect(at("00:00:00")).toEqual({
      merchant: "Verify Deploy",
      date: "2026-03-14",
      total: 1,
      currency: "USD",
    });
    expect(at("23:59:59").total).toBe(49.99);
    expect(at("12:00:00").total).not.toBe(at("12:00:18").total);
  });
});

describe("verify-deploy's steps", () => {
  it("record each step; a step out of time fails naming what it last saw", async () => {
    const lines = [];
    const steps = new Steps((line) => lines.push(line));
    expect(await steps.run("quick", 1000, async () => 42)).toBe(42);
    const failure = await steps
      .run("slow", 50, (signal, observe) => {
        observe("status PENDING");
        return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
      })
      .catch((error) => error);

    expect(failure).toBeInstanceOf(StepFailed);
    expect(failure.step).toBe("slow");
    expect(steps.records).toEqual([
      { name: "quick", ms: expect.any(Number), ok: true },
      {
        name: "slow",
        ms: expect.any(Number),
        ok: false,
        error: "no result within 0.05 s (last seen: status PENDING)",
      },
    ]);
    expect(lines).toContain("  slow: status PENDING");
  });
});

describe("verify-deploy's flow, against a stand-in API", () => {
  it("sends both files in one request with the run's correlation id, and fails the photo step with the thumbnail's reason", async () => {
    const api = await fakeApi((method, url) => {
      if (method === "POST" && url === "/uploads") return [201, granted(api.url)];
      if (url === "/s3") return [204, {}];
      return [200, { status: "FAILED", failureCode: "CORRUPT_IMAGE", failureReason: "no image inside" }];
    });

    const { outcome, steps, run } = await runFlow(api.url);

    expect(outcome).toBeInstanceOf(StepFailed);
    expect(steps.at(-1)).toMatchObject({
      name: "photo processed",
      ok: false,
      error: "photo 01JPHOTO000000000000000000 FAILED: CORRUPT_IMAGE: no image inside",
    });
    const request = api.seen.find((call) => call.path === "/uploads");
    expect(request.headers).toMatchObject({ authorization: "Bearer token", "x-correlation-id": run.runId });
    expect(JSON.parse(request.body).files.map((file) => [file.name, file.kind])).toEqual([
      [`${run.runId}-photo.jpg`, "photo"],
      [`${run.runId}-receipt.jpg`, "receipt"],
    ]);
    expect(run).toMatchObject({ correlationId: "chosen-by-the-api", batchId: "01JBATCH0000000000000000000" });
  });

  it("fails at once on a receipt that waits for review, saying why", async () => {
    const api = await fakeApi((method, url) => {
      if (method === "POST" && url === "/uploads") return [201, granted(api.url)];
      if (url === "/s3") return [204, {}];
      if (url.startsWith("/receipts"))
        return [
          200,
          { receipts: [{ photoId: "01JPHOTO000000000000000001", status: "IN_REVIEW" }], nextCursor: null },
        ];
      return [200, { status: "PROCESSED", thumbnails: {} }];
    });

    const { steps } = await runFlow(api.url);

    expect(steps.map((step) => [step.name, step.ok])).toEqual([
      ["target", true],
      ["prepare files", true],
      ["request uploads", true],
      ["upload photo", true],
      ["upload receipt", true],
      ["photo processed", true],
      ["receipt processed", true],
      ["receipt stored", false],
    ]);
    expect(steps.at(-1)?.error).toMatch(/^receipt 01JPHOTO000000000000000001 waits for its owner's review/);
  });

  it("walks the whole flow when everything answers, downloading a thumbnail by the URL the API gives with its size", async () => {
    const api = await fakeApi((method, url) => {
      if (method === "POST" && url === "/uploads") return [201, granted(api.url)];
      if (url === "/s3") return [204, {}];
      if (url === "/thumbnails/small.webp") return [200, "webp"];
      if (url.startsWith("/receipts"))
        return [
          200,
          { receipts: [{ photoId: "01JPHOTO000000000000000001", status: "STORED" }], nextCursor: null },
        ];
      if (url.startsWith("/batches/"))
        return [200, { expected: 2, processed: 2, failed: 0, stored: 1, duplicate: 0, invalid: 0 }];
      const thumbnail = { url: `${api.url}/thumbnails/small.webp`, width: 120, height: 160 };
      return [200, { status: "PROCESSED", thumbnails: { small: thumbnail } }];
    });

    const { outcome, steps, run } = await runFlow(api.url);

    expect(outcome).toBeUndefined();
    expect(steps.every((step) => step.ok)).toBe(true);
    expect(run.thumbnail).toBe("small 120x160 6 bytes");
  });

  it("as a command: one JSON line on stdout, exit 1, the refused step named", async () => {
    const api = await fakeApi(() => [401, { message: "Unauthorized" }]);
    const { code, stdout } = await new Promise((resolve) =>
      execFile(
        process.execPath,
        [script],
        { env: { PATH: process.env.PATH, SHOEBOX_API_URL: api.url, SHOEBOX_VERIFY_TOKEN: "expired" } },
        (error, out) => resolve({ code: error?.code ?? 0, stdout: out }),
      ),
    );

    expect(code).toBe(1);
    const lines = stdout.split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      ok: false,
      failed: "request uploads",
      steps: expect.arrayContaining([
        {
          name: "request uploads",
          ms: expect.any(Number),
          ok: false,
          error: "POST /uploads answered 401: Unauthorized",
        },
      ]),
      cleanup: expect.stringMatching(/no DELETE route/),
    });
  });
});
