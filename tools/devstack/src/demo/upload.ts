import { readFileSync } from "node:fs";
import type { AcceptedUpload, RejectedUpload, UploadResponse } from "@shoebox/schemas";
import pMap from "p-map";
import type { ApiClient } from "./api-client.ts";
import { type DemoFile, isArchive } from "./demo-files.ts";
import type { AcceptedPhoto, DemoResult, Progress, SentArchive } from "./types.ts";

/** What went to S3: how many files, the images to follow, the zips to follow, the batches they are in. */
export interface UploadedFiles {
  uploaded: number;
  accepted: AcceptedPhoto[];
  archives: SentArchive[];
  batchIds: Set<string>;
}

/** The files of each POST /uploads, by index: images at most 100 a request; each zip in a request of its own, as the API wants (one per batch). */
const uploadRequests = (files: DemoFile[]): number[][] => {
  const images = files.flatMap((file, index) => (isArchive(file) ? [] : [index]));
  return [
    ...Array.from({ length: Math.ceil(images.length / 100) }, (_, chunk) =>
      images.slice(chunk * 100, chunk * 100 + 100),
    ),
    ...files.flatMap((file, index) => (isArchive(file) ? [[index]] : [])),
  ];
};

/** The upload API's answer, or its error body (message, schema issues). */
type UploadAnswer = Partial<UploadResponse> & { message?: string; issues?: string[] };

type UploadsGranted = { batchId?: string; uploads: AcceptedUpload[]; rejected: RejectedUpload[] };

/** POST /uploads for these files: the presigned POSTs and refusals, or why the whole request was refused. */
const requestUploads = async (
  client: ApiClient,
  chunk: DemoFile[],
): Promise<UploadsGranted | { refusedWhole: string }> => {
  const response = await fetch(`${client.api}/uploads`, {
    method: "POST",
    headers: { authorization: client.authorization, "content-type": "application/json" },
    body: JSON.stringify({
      files: chunk.map((file) => ({
        name: file.name,
        contentType: file.contentType,
        size: Math.max(1, file.size),
        ...(file.kind === "receipt"
          ? { kind: "receipt", ...(isArchive(file) ? {} : { receipt: file.receipt ?? {} }) }
          : {}),
      })),
    }),
  });
  const text = await response.text();
  let answer: UploadAnswer | undefined;
  try {
    answer = JSON.parse(text) as UploadAnswer;
  } catch {
    // not JSON
  }
  // The API answers 201 with what it accepted and refused, or an error (422 when it refused
  // every file, with the same body), or a plain error such as 400 for a malformed request.
  if (!answer || !Array.isArray(answer.rejected)) {
    return {
      refusedWhole:
        [answer?.message, ...(answer?.issues ?? [])].filter(Boolean).join(": ") ||
        `POST /uploads answered ${response.status}: ${text.slice(0, 300)}`,
    };
  }
  return { batchId: answer.batchId, uploads: answer.uploads ?? [], rejected: answer.rejected };
};

/** Sends a file to its presigned POST as a browser form would: why S3 refused it, if it did. */
const postToPresignedUrl = async (upload: AcceptedUpload, file: DemoFile): Promise<string | undefined> => {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.upload.fields)) form.append(name, value);
  form.append("file", new Blob([readFileSync(file.path)], { type: file.contentType }), file.name);
  const sent = await fetch(upload.upload.url, { method: "POST", body: form });
  if (!sent.ok) {
    const detail = (await sent.text()).replace(/\s+/g, " ").slice(0, 300);
    return `the presigned POST was refused (${sent.status}): ${detail}`;
  }
  await sent.arrayBuffer().catch(() => undefined);
  return undefined;
};

/** Each granted file to S3, four at a time; a refused one is FAILED, a sent one joins what to follow. */
const sendGrantedFiles = (
  granted: UploadsGranted,
  indexes: number[],
  files: DemoFile[],
  results: DemoResult[],
  sent: UploadedFiles,
) =>
  pMap(
    granted.uploads,
    async (upload) => {
      const index = indexes[upload.index] ?? -1;
      const result = results[index] as DemoResult;
      // Only an archive comes back without a photo id: its images get theirs when it is fanned out.
      const { photoId } = upload;
      if (photoId) result.photoId = photoId;
      const refusal = await postToPresignedUrl(upload, files[index] as DemoFile);
      if (refusal) {
        Object.assign(result, { status: "FAILED", reason: refusal });
        return;
      }
      sent.uploaded++;
      if (photoId) sent.accepted.push({ index, photoId, started: Date.now() });
      else if (granted.batchId) sent.archives.push({ index, batchId: granted.batchId, started: Date.now() });
    },
    { concurrency: 4 },
  );

/**
 * Uploads the files as a client does: POST /uploads for presigned POSTs, then a multipart POST
 * of each file to its own. A file the API or S3 refuses is FAILED in `results` with the reason.
 */
export const uploadFiles = async (
  client: ApiClient,
  files: DemoFile[],
  results: DemoResult[],
  progress: Progress,
): Promise<UploadedFiles> => {
  const sent: UploadedFiles = { uploaded: 0, accepted: [], archives: [], batchIds: new Set() };
  for (const indexes of uploadRequests(files)) {
    const granted = await requestUploads(
      client,
      indexes.map((index) => files[index] as DemoFile),
    );
    if ("refusedWhole" in granted) {
      for (const index of indexes)
        Object.assign(results[index] as DemoResult, { status: "FAILED", reason: granted.refusedWhole });
      continue;
    }
    if (granted.batchId) sent.batchIds.add(granted.batchId);
    for (const rejected of granted.rejected) {
      Object.assign(results[indexes[rejected.index] ?? -1] as DemoResult, {
        status: "FAILED",
        reason: `refused by the API: ${rejected.reason}`,
      });
    }
    progress(`POST /uploads: ${granted.uploads.length} accepted, ${granted.rejected.length} refused`);
    await sendGrantedFiles(granted, indexes, files, results, sent);
  }
  return sent;
};
