import type { PresignedPost, UploadFile, UploadResponse } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { newEntries, setProgress, UPLOADS_IN_FLIGHT, uploadEntries } from "../../src/upload/upload-queue.ts";

const BATCH = "b_01JZ0000000000000000000000";
const file = (name: string, bytes = 10, type = "image/jpeg") =>
  new File([new Uint8Array(bytes)], name, { type });

/** An API that accepts every file except those whose name says so, like POST /uploads. */
const fakeApi = (requests: { files: UploadFile[]; batchId?: string }[] = []) => ({
  requests,
  requestUploads: async (request: { files: UploadFile[]; batchId?: string }): Promise<UploadResponse> => {
    requests.push(request);
    const upload = (name: string): PresignedPost => ({
      url: "https://s3.example/uploads",
      fields: { key: name },
    });
    return {
      batchId: request.batchId ?? BATCH,
      correlationId: "c_01JZ0000000000000000000000",
      uploads: request.files.flatMap((described, index) =>
        described.name.startsWith("refused")
          ? []
          : [
              {
                index,
                name: described.name,
                key: described.name,
                upload: upload(described.name),
                expiresAt: new Date().toISOString(),
              },
            ],
      ),
      rejected: request.files.flatMap((described, index) =>
        described.name.startsWith("refused")
          ? [{ index, name: described.name, reason: "over your daily upload limit" }]
          : [],
      ),
    };
  },
});

describe("uploadEntries", () => {
  it("keeps at most four files in flight and sends every accepted one", async () => {
    const entries = newEntries(Array.from({ length: 20 }, (_, index) => file(`p${index}.jpg`)));
    let inFlight = 0;
    let most = 0;

    await uploadEntries(entries, "photo", {
      ...fakeApi(),
      post: async (_upload, sent, onProgress) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        onProgress(sent.size / 2);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
      },
      onChange: () => {},
    });

    expect(most).toBe(UPLOADS_IN_FLIGHT);
    expect(entries.every((entry) => entry.state === "done")).toBe(true);
    expect(setProgress(entries)).toMatchObject({ total: 200, loaded: 200, counts: { done: 20 } });
  });

  it("tries a failed file once more, and then shows why it failed", async () => {
    const entries = newEntries([file("flaky.jpg"), file("dead.jpg")]);
    const attempts: string[] = [];

    await uploadEntries(entries, "photo", {
      ...fakeApi(),
      post: async (upload) => {
        const key = upload.fields.key ?? "";
        attempts.push(key);
        if (key === "dead.jpg" || attempts.filter((name) => name === key).length === 1) {
          throw new Error("the connection to storage failed");
        }
      },
      onChange: () => {},
    });

    expect(attempts.sort()).toEqual(["dead.jpg", "dead.jpg", "flaky.jpg", "flaky.jpg"]);
    expect(entries.map(({ state, reason }) => ({ state, reason }))).toEqual([
      { state: "done", reason: undefined },
      { state: "failed", reason: "the connection to storage failed: try this file again later" },
    ]);
  });

  it("shows the API's refusals with their reasons and refuses empty files before asking", async () => {
    const api = fakeApi();
    const entries = newEntries([file("ok.jpg"), file("refused.jpg"), file("empty.jpg", 0)]);

    await uploadEntries(entries, "photo", { ...api, post: async () => {}, onChange: () => {} });

    expect(api.requests[0]?.files.map((described) => described.name)).toEqual(["ok.jpg", "refused.jpg"]);
    expect(entries.map(({ state, reason }) => [state, reason])).toEqual([
      ["done", undefined],
      ["refused", "over your daily upload limit"],
      ["refused", "the file is empty: pick the file again or leave it out"],
    ]);
  });

  it("asks in requests of at most 500 files, the later ones joining the first one's batch", async () => {
    const api = fakeApi();
    const entries = newEntries(Array.from({ length: 1001 }, (_, index) => file(`p${index}.jpg`, 1, "")));

    const { batchId } = await uploadEntries(entries, "photo", {
      ...api,
      post: async () => {},
      onChange: () => {},
    });

    expect(api.requests.map((request) => [request.files.length, request.batchId])).toEqual([
      [500, undefined],
      [500, BATCH],
      [1, BATCH],
    ]);
    // A browser leaves the type empty for what it does not know; the API then says what it takes.
    expect(api.requests[0]?.files[0]?.contentType).toBe("application/octet-stream");
    expect(batchId).toBe(BATCH);
  });
});

describe("a zip in the set", () => {
  it("is asked for as one archive of receipts, whatever kind the set is and however the browser typed it", async () => {
    const requests: { files: UploadFile[]; batchId?: string }[] = [];
    const entries = newEntries([
      file("scans.zip", 30, "application/x-zip-compressed"),
      file("untyped.ZIP", 30, ""),
      file("p.jpg"),
    ]);

    await uploadEntries(entries, "photo", { ...fakeApi(requests), post: async () => {}, onChange: () => {} });

    expect(
      requests[0]?.files.map((described) => [described.name, described.contentType, described.kind]),
    ).toEqual([
      ["scans.zip", "application/zip", "receipt"],
      ["untyped.ZIP", "application/zip", "receipt"],
      ["p.jpg", "image/jpeg", "photo"],
    ]);
  });
});
