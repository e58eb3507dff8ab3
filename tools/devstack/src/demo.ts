import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import {
  ARCHIVE_CONTENT_TYPE,
  type ArchiveView,
  type BatchView,
  type PhotoListResponse,
  type PhotoView,
  type ReceiptHints,
  type ReceiptOutcome,
  ReceiptOutcomeSchema,
  type UploadResponse,
} from "@shoebox/schemas";
import pMap from "p-map";
import { emulatorAdmin } from "./emulator-admin.ts";
import type { Stack } from "./stack.ts";

export const CONTENT_TYPES: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".tif": "image/tiff",
  ".tiff": "image/tiff",
  ".avif": "image/avif",
  ".heic": "image/heic",
  ".pdf": "application/pdf",
  ".txt": "text/plain",
  ".zip": ARCHIVE_CONTENT_TYPE,
};

export const contentTypeOf = (file: string): string =>
  CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";

/** Files that document a folder of samples (licences, readmes) rather than being samples. */
const isDocumentation = (name: string): boolean =>
  /^(licen[cs]e|copying|readme|notice|attribution|credits)(\..*)?$/i.test(name) || /\.md$/i.test(name);

export interface DemoFile {
  name: string;
  path: string;
  contentType: string;
  size: number;
  /**
   * `receipt` when the folder's receipts.json names the file (uploaded with its hints), and for
   * a zip: the API takes archives of receipts only.
   */
  kind: "photo" | "receipt";
  receipt?: ReceiptHints;
}

/** A zip of receipts: sent in a request (and so a batch) of its own, and followed entry by entry. */
export const isArchive = (file: Pick<DemoFile, "contentType">): boolean =>
  file.contentType === ARCHIVE_CONTENT_TYPE;

/**
 * The file beside the images that makes some of them receipts: `{ "<file name>": { merchant,
 * date, total, currency } }`. A file it names is uploaded with `kind: "receipt"` and those hints.
 */
export const RECEIPT_HINTS_FILE = "receipts.json";

const readReceiptHints = (folder: string): Record<string, ReceiptHints> => {
  const path = join(folder, RECEIPT_HINTS_FILE);
  if (!existsSync(path)) return {};
  let hints: unknown;
  try {
    hints = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`);
  }
  if (!hints || typeof hints !== "object" || Array.isArray(hints))
    throw new Error(`${path} must map file names to receipt hints ({ merchant, date, total, currency })`);
  for (const name of Object.keys(hints)) {
    if (!existsSync(join(folder, name))) throw new Error(`${path} names ${name}, which is not in ${folder}`);
  }
  return hints as Record<string, ReceiptHints>;
};

/**
 * Every regular file of the folders (not hidden, not a licence or readme, not receipts.json),
 * sorted by name; the ones receipts.json names are receipts, and so is every zip (its entries
 * get no hints).
 */
export const listDemoFiles = (folders: string[]): { files: DemoFile[]; skipped: string[] } => {
  const files: DemoFile[] = [];
  const skipped: string[] = [];
  for (const folder of folders) {
    const receipts = readReceiptHints(folder);
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (name.startsWith(".") || name === RECEIPT_HINTS_FILE || !statSync(path).isFile()) continue;
      if (isDocumentation(name)) {
        skipped.push(path);
        continue;
      }
      const contentType = contentTypeOf(name);
      if (isArchive({ contentType })) {
        files.push({ name, path, contentType, size: statSync(path).size, kind: "receipt" });
        continue;
      }
      const receipt = Object.hasOwn(receipts, name) ? receipts[name] : undefined;
      files.push({
        name,
        path,
        contentType,
        size: statSync(path).size,
        kind: receipt ? "receipt" : "photo",
        ...(receipt ? { receipt } : {}),
      });
    }
  }
  return { files, skipped };
};

export type FinalStatus = "PROCESSED" | "FAILED" | "LOST";
const RECEIPT_OUTCOMES = ReceiptOutcomeSchema.options;

export interface DemoResult {
  /** The file's name; an entry of a zip is `<zip>/<entry>`. */
  name: string;
  kind: "photo" | "receipt";
  /** A zip: PROCESSED once fanned out, FAILED when refused whole; its entries have rows of their own. */
  status: FinalStatus;
  /** A receipt's workflow outcome (a PROCESSED receipt only). */
  receipt?: ReceiptOutcome;
  /** A stored receipt's row is in the delivery database. */
  delivered?: boolean;
  reason?: string;
  photoId?: string;
  thumbnails: string[];
  /** Upload request to final state. */
  seconds?: number;
  /** A zip: what became of its entries. */
  archive?: Pick<ArchiveView, "entries" | "accepted" | "skipped" | "refusedCount">;
}

/**
 * The rows of a zip once its archive outcome is final: the zip's own (PROCESSED when fanned
 * out, FAILED with the reason when refused whole) and one per entry, `<zip>/<entry>`: each
 * listed refusal FAILED with its code and reason, then each accepted image, in the archive's
 * order, as the photo it became (LOST until polled to its final state). Skipped entries
 * (folders, macOS metadata) get none.
 *
 * @example
 * const { zip, entries } = archiveRows("receipts.zip", view.archive, photosOfTheBatch);
 */
export const archiveRows = (
  zipName: string,
  archive: ArchiveView,
  photos: readonly Pick<PhotoView, "photoId" | "originalName">[],
): { zip: Pick<DemoResult, "status" | "reason" | "archive">; entries: DemoResult[] } => {
  if (archive.status === "FAILED") {
    return {
      zip: { status: "FAILED", reason: `archive refused: ${archive.failureReason ?? "no reason given"}` },
      entries: [],
    };
  }
  const unlisted = archive.refusedCount - archive.refused.length;
  return {
    zip: {
      status: "PROCESSED",
      ...(unlisted > 0 ? { reason: `${unlisted} more refused entries are counted but not listed` } : {}),
      archive: {
        entries: archive.entries,
        accepted: archive.accepted,
        skipped: archive.skipped,
        refusedCount: archive.refusedCount,
      },
    },
    entries: [
      ...archive.refused.map(
        (refusal): DemoResult => ({
          name: `${zipName}/${refusal.name}`,
          kind: "receipt",
          status: "FAILED",
          reason: `${refusal.code}: ${refusal.reason}`,
          thumbnails: [],
        }),
      ),
      // The photo ids of an archive's entries sort in the archive's order (they hold the index).
      ...[...photos]
        .sort((a, b) => (a.photoId < b.photoId ? -1 : 1))
        .map(
          (photo): DemoResult => ({
            name: `${zipName}/${photo.originalName ?? photo.photoId}`,
            kind: "receipt",
            status: "LOST",
            photoId: photo.photoId,
            thumbnails: [],
          }),
        ),
    ],
  };
};

export interface DemoSummary {
  uploaded: number;
  processed: number;
  failed: number;
  lost: number;
  thumbnails: number;
  notifications: number;
  /** Workflow outcomes of the PROCESSED receipts. */
  receipts: Record<ReceiptOutcome, number>;
  /** Rows of the demo's receipts in the delivery database (PostgreSQL). */
  delivered: number;
  seconds: number;
}

export interface DemoOptions {
  stack: Stack;
  files: DemoFile[];
  /** How long an accepted file may take to reach PROCESSED or FAILED before it counts as lost. */
  timeoutSeconds?: number;
  onProgress?: (line: string) => void;
  subject?: string;
}

/** Subscribes a fresh queue to the events topic and counts what arrives there. */
const countNotifications = async (stack: Stack) => {
  const client = emulatorAdmin(stack.motoEndpoint, stack.config.region);
  const sqs = new SQSClient(client);
  const sns = new SNSClient(client);
  const topicArn = stack.config.topics.events;
  const seen: Array<{ eventType?: string; photoId?: string }> = [];
  if (!topicArn) return { seen, stop: async () => {}, settle: async () => {} };
  const name = `devstack-demo-notifications-${Date.now()}`;
  const queueArn = `arn:aws:sqs:${stack.config.region}:${topicArn.split(":")[4]}:${name}`;
  // The policy goes in with CreateQueue: SetQueueAttributes would wipe it on moto.
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": topicArn } },
      },
    ],
  });
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: { Policy: policy } }),
  );
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: "sqs",
      Endpoint: queueArn,
      Attributes: { RawMessageDelivery: "true" },
    }),
  );
  let stopped = false;
  const controller = new AbortController();
  const drain = async (wait: number) => {
    const response = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: wait }),
      { abortSignal: controller.signal },
    );
    const messages = response.Messages ?? [];
    for (const message of messages) {
      try {
        seen.push(JSON.parse(message.Body ?? "{}"));
      } catch {
        seen.push({});
      }
    }
    if (messages.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl,
          Entries: messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
    }
    return messages.length;
  };
  const loop = (async () => {
    while (!stopped) {
      try {
        await drain(2);
      } catch {
        if (!stopped) await sleep(500);
      }
    }
  })();
  return {
    seen,
    /** Waits until `expected` notifications arrived or the queue stays empty for a while. */
    settle: async (expected: number) => {
      const deadline = Date.now() + 10_000;
      while (seen.length < expected && Date.now() < deadline) await sleep(200);
      const attributes = await sqs
        .send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }))
        .catch(() => undefined);
      if (Number(attributes?.Attributes?.ApproximateNumberOfMessages ?? 0) > 0) await sleep(3000);
    },
    stop: async () => {
      stopped = true;
      controller.abort();
      await loop;
      sqs.destroy();
      sns.destroy();
    },
  };
};

/** Thumbnail keys in the thumbnails bucket by photo id (keys are thumbnails/{owner}/{photo}/{size}.webp). */
const thumbnailKeys = async (stack: Stack): Promise<Map<string, string[]>> => {
  const bucket = stack.config.buckets.thumbnails;
  const byPhoto = new Map<string, string[]>();
  if (!bucket) return byPhoto;
  const s3 = new S3Client({
    ...emulatorAdmin(stack.motoEndpoint, stack.config.region),
    forcePathStyle: true,
  });
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      const parts = (object.Key ?? "").split("/");
      const photoId = parts.length >= 3 ? parts[parts.length - 2] : undefined;
      if (!photoId || !object.Key) continue;
      byPhoto.set(photoId, [...(byPhoto.get(photoId) ?? []), object.Key]);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  s3.destroy();
  return byPhoto;
};

/**
 * The demo as a client would run it: POST /uploads for every file, a multipart POST of each to
 * its presigned URL, then GET /photos/{id} until PROCESSED or FAILED. A file the API refuses is
 * FAILED with the API's reason; an accepted file with no final state in time is LOST.
 */
export const runDemo = async (
  options: DemoOptions,
): Promise<{ results: DemoResult[]; summary: DemoSummary }> => {
  const { stack, files } = options;
  const progress = options.onProgress ?? (() => {});
  const started = Date.now();
  const timeoutMs = (options.timeoutSeconds ?? 180) * 1000;
  const token = await stack.token(options.subject ?? `demo-${Date.now()}`);
  const api = stack.apiUrl;
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const notifications = await countNotifications(stack);

  const results: DemoResult[] = files.map((file) => ({
    name: file.name,
    kind: file.kind,
    status: "LOST",
    thumbnails: [],
  }));
  const batchIds = new Set<string>();
  let uploaded = 0;
  const accepted: Array<{ index: number; photoId: string; started: number }> = [];
  const sentArchives: SentArchive[] = [];
  /** The rows of each zip's entries, by the zip's index: shown right after the zip. */
  const entryRows = new Map<number, DemoResult[]>();
  // Images at most 100 a request; each zip in a request of its own, as the API wants (one per batch).
  const images = files.flatMap((file, index) => (isArchive(file) ? [] : [index]));
  const requests = [
    ...Array.from({ length: Math.ceil(images.length / 100) }, (_, chunk) =>
      images.slice(chunk * 100, chunk * 100 + 100),
    ),
    ...files.flatMap((file, index) => (isArchive(file) ? [[index]] : [])),
  ];
  try {
    // 1. Ask for presigned POSTs.
    for (const indexes of requests) {
      const chunk = indexes.map((index) => files[index] as DemoFile);
      const response = await fetch(`${api}/uploads`, {
        method: "POST",
        headers,
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
      // The upload API's answer, or its error body (message, schema issues).
      type UploadAnswer = Partial<UploadResponse> & { message?: string; issues?: string[] };
      let answer: UploadAnswer | undefined;
      try {
        answer = JSON.parse(text) as UploadAnswer;
      } catch {
        // not JSON
      }
      // The API answers 201 with what it accepted and refused, or an error (422 when it refused
      // every file, with the same body), or a plain error such as 400 for a malformed request.
      if (!answer || !Array.isArray(answer.rejected)) {
        const reason =
          [answer?.message, ...(answer?.issues ?? [])].filter(Boolean).join(": ") ||
          `POST /uploads answered ${response.status}: ${text.slice(0, 300)}`;
        for (const index of indexes)
          Object.assign(results[index] as DemoResult, { status: "FAILED", reason });
        continue;
      }
      const body = { uploads: answer.uploads ?? [], rejected: answer.rejected };
      const { batchId } = answer;
      if (batchId) batchIds.add(batchId);
      for (const rejected of body.rejected) {
        Object.assign(results[indexes[rejected.index] ?? -1] as DemoResult, {
          status: "FAILED",
          reason: `refused by the API: ${rejected.reason}`,
        });
      }
      progress(`POST /uploads: ${body.uploads.length} accepted, ${body.rejected.length} refused`);
      // 2. Send each file to its presigned POST, as a browser form would.
      await pMap(
        body.uploads,
        async (upload) => {
          const index = indexes[upload.index] ?? -1;
          const file = files[index] as DemoFile;
          const result = results[index] as DemoResult;
          // Only an archive comes back without a photo id: its images get theirs when it is fanned out.
          const { photoId } = upload;
          if (photoId) result.photoId = photoId;
          const form = new FormData();
          for (const [name, value] of Object.entries(upload.upload.fields)) form.append(name, value);
          form.append("file", new Blob([readFileSync(file.path)], { type: file.contentType }), file.name);
          const sent = await fetch(upload.upload.url, { method: "POST", body: form });
          if (!sent.ok) {
            const detail = (await sent.text()).replace(/\s+/g, " ").slice(0, 300);
            Object.assign(result, {
              status: "FAILED",
              reason: `the presigned POST was refused (${sent.status}): ${detail}`,
            });
            return;
          }
          await sent.arrayBuffer().catch(() => undefined);
          uploaded++;
          if (photoId) accepted.push({ index, photoId, started: Date.now() });
          else if (batchId) sentArchives.push({ index, batchId, started: Date.now() });
        },
        { concurrency: 4 },
      );
    }
    const deadline = Date.now() + timeoutMs;

    // 2b. Each zip until its archive outcome is final; its accepted entries join the photos.
    if (sentArchives.length > 0) {
      progress(`${sentArchives.length} zip(s) uploaded; waiting for them to be fanned out`);
      const followed = await followArchives(
        { api, authorization: headers.authorization },
        sentArchives.map((sent) => ({ ...sent, name: (files[sent.index] as DemoFile).name })),
        deadline,
        progress,
      );
      for (const sent of sentArchives) {
        const zip = results[sent.index] as DemoResult;
        const rows = followed.get(sent.index);
        if (!rows) {
          zip.reason = `no archive outcome within ${timeoutMs / 1000} s (still PROCESSING)`;
          continue;
        }
        Object.assign(zip, rows.zip, { seconds: (Date.now() - sent.started) / 1000 });
        entryRows.set(sent.index, rows.entries);
        for (const entry of rows.entries) {
          results.push(entry);
          if (entry.photoId)
            accepted.push({ index: results.length - 1, photoId: entry.photoId, started: Date.now() });
        }
      }
    }
    progress(
      `${uploaded} file(s) uploaded to S3, ${accepted.length} image(s) to follow; waiting for PROCESSED or FAILED (timeout ${timeoutMs / 1000} s)`,
    );

    // 3. Poll each photo until it reaches a final state.
    const pending = new Set(accepted);
    let lastLine = "";
    let lastPrinted = 0;
    while (pending.size > 0 && Date.now() < deadline) {
      await pMap(
        [...pending],
        async (item) => {
          const response = await fetch(`${api}/photos/${item.photoId}`, {
            headers: { authorization: headers.authorization },
          });
          if (!response.ok) {
            await response.arrayBuffer();
            return;
          }
          const photo = (await response.json()) as Partial<PhotoView>;
          if (photo.status === "PROCESSED" || photo.status === "FAILED") {
            const result = results[item.index] as DemoResult;
            result.status = photo.status;
            result.seconds = (Date.now() - item.started) / 1000;
            if (photo.status === "FAILED")
              result.reason = [photo.failureCode, photo.failureReason].filter(Boolean).join(": ") || "failed";
            pending.delete(item);
          }
        },
        { concurrency: 4 },
      );
      const done = accepted.length - pending.size;
      const processed = results.filter((result) => result.status === "PROCESSED").length;
      const failed = accepted.filter((item) => results[item.index]?.status === "FAILED").length;
      const line = `${done}/${accepted.length} final (${processed} processed, ${failed} failed), ${pending.size} pending`;
      if (line !== lastLine || Date.now() - lastPrinted > 10_000) {
        progress(`${line}, ${Math.round((Date.now() - started) / 1000)} s`);
        lastLine = line;
        lastPrinted = Date.now();
      }
      if (pending.size > 0) await sleep(1000);
    }
    for (const item of pending) {
      (results[item.index] as DemoResult).reason =
        `no final state within ${timeoutMs / 1000} s (still PENDING)`;
    }

    // 4. Receipts: each PROCESSED one until its workflow outcome is known, the stored ones until delivered.
    // A zip's own row is no receipt: its entries are.
    const receipts = results.filter(
      (result) => result.kind === "receipt" && result.status === "PROCESSED" && result.photoId,
    );
    if (receipts.length > 0)
      await followReceipts(
        stack,
        receipts,
        { ids: batchIds, authorization: headers.authorization },
        deadline,
        progress,
      );

    // 5. Thumbnails in the bucket, notifications on the topic (photo.* and receipt.* events).
    const keys = await thumbnailKeys(stack);
    for (const result of results) if (result.photoId) result.thumbnails = keys.get(result.photoId) ?? [];
    const finals = results.filter((result) => result.photoId && result.status !== "LOST").length;
    await notifications.settle(finals + receipts.filter((result) => result.receipt).length);
  } finally {
    await notifications.stop();
  }

  const demoPhotoIds = new Set(results.map((result) => result.photoId).filter(Boolean));
  const summary: DemoSummary = {
    uploaded,
    processed: results.filter((result) => result.status === "PROCESSED").length,
    failed: results.filter((result) => result.status === "FAILED").length,
    lost: results.filter((result) => result.status === "LOST").length,
    thumbnails: results.reduce((sum, result) => sum + result.thumbnails.length, 0),
    notifications: notifications.seen.filter(
      (message) => !message.photoId || demoPhotoIds.has(message.photoId),
    ).length,
    receipts: Object.fromEntries(
      RECEIPT_OUTCOMES.map((outcome) => [
        outcome,
        results.filter((result) => result.receipt === outcome).length,
      ]),
    ) as Record<ReceiptOutcome, number>,
    delivered: results.filter((result) => result.delivered).length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  // Each zip's entries right after it.
  const ordered = files.flatMap((_, index) => [
    results[index] as DemoResult,
    ...(entryRows.get(index) ?? []),
  ]);
  return { results: ordered, summary };
};

/** A zip the demo uploaded: its row, its batch, when it was sent. */
interface SentArchive {
  index: number;
  batchId: string;
  started: number;
}

/** The caller's photos of one batch, newest first (GET /photos, page by page). */
const photosOfBatch = async (
  client: { api: string; authorization: string },
  batchId: string,
): Promise<PhotoView[]> => {
  const photos: PhotoView[] = [];
  let nextToken: string | undefined;
  do {
    const query = new URLSearchParams({ limit: "100", ...(nextToken ? { nextToken } : {}) });
    const response = await fetch(`${client.api}/photos?${query}`, {
      headers: { authorization: client.authorization },
    });
    if (!response.ok)
      throw new Error(`GET /photos answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const page = (await response.json()) as PhotoListResponse;
    photos.push(...page.photos.filter((photo) => photo.batchId === batchId));
    nextToken = page.nextToken;
  } while (nextToken);
  return photos;
};

/**
 * Polls GET /batches/{id} of each zip until its archive is COMPLETED or FAILED (or the
 * deadline), then makes its rows (archiveRows), finding the accepted entries among the
 * caller's photos by their batch. A zip without a final outcome in time has no rows.
 */
const followArchives = async (
  client: { api: string; authorization: string },
  archives: ReadonlyArray<SentArchive & { name: string }>,
  deadline: number,
  progress: (line: string) => void,
): Promise<Map<number, ReturnType<typeof archiveRows>>> => {
  const rows = new Map<number, ReturnType<typeof archiveRows>>();
  const waiting = new Set(archives);
  while (waiting.size > 0 && Date.now() < deadline) {
    for (const sent of [...waiting]) {
      const response = await fetch(`${client.api}/batches/${sent.batchId}`, {
        headers: { authorization: client.authorization },
      });
      if (!response.ok) {
        await response.arrayBuffer();
        continue;
      }
      const { archive } = (await response.json()) as BatchView;
      if (!archive || archive.status === "PROCESSING") continue;
      const photos = archive.status === "COMPLETED" ? await photosOfBatch(client, sent.batchId) : [];
      rows.set(sent.index, archiveRows(sent.name, archive, photos));
      waiting.delete(sent);
      progress(
        archive.status === "COMPLETED"
          ? `${sent.name}: fanned out, ${archive.accepted} image(s) accepted, ${archive.refusedCount} refused, ${archive.skipped} skipped`
          : `${sent.name}: refused whole: ${archive.failureReason ?? "no reason given"}`,
      );
    }
    if (waiting.size > 0) await sleep(1000);
  }
  return rows;
};

/** Each receipt's outcome as the workflow counted it on its batch: `OUTCOME#<photoId>` markers in the receipts table. */
const receiptOutcomes = async (
  dynamodb: DynamoDBClient,
  table: string | undefined,
): Promise<Map<string, ReceiptOutcome>> => {
  const outcomes = new Map<string, ReceiptOutcome>();
  if (!table) return outcomes;
  let startKey: Record<string, never> | undefined;
  do {
    const page = await dynamodb.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: "begins_with(sk, :outcome)",
        ExpressionAttributeValues: { ":outcome": { S: "OUTCOME#" } },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const photoId = item.sk?.S?.slice("OUTCOME#".length);
      const outcome = item.outcome?.S as ReceiptOutcome | undefined;
      if (photoId && outcome) outcomes.set(photoId, outcome);
    }
    startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey);
  return outcomes;
};

/**
 * Follows the PROCESSED receipts through the workflow (photo.processed -> receipt-starter ->
 * StartExecution) until each has its outcome, then the stored ones until their row is in the
 * delivery database. A receipt without an outcome by the deadline is LOST.
 */
const followReceipts = async (
  stack: Stack,
  receipts: DemoResult[],
  batches: { ids: Set<string>; authorization: string },
  deadline: number,
  progress: (line: string) => void,
): Promise<void> => {
  progress(`${receipts.length} receipt(s) processed; waiting for their workflow outcome and delivery`);
  const dynamodb = new DynamoDBClient(emulatorAdmin(stack.motoEndpoint, stack.config.region));
  let lastLine = "";
  try {
    for (;;) {
      const outcomes = await receiptOutcomes(dynamodb, stack.config.tables.receipts);
      for (const result of receipts) {
        const outcome = result.photoId ? outcomes.get(result.photoId) : undefined;
        if (outcome) result.receipt = outcome;
      }
      const stored = receipts.filter((result) => result.receipt === "stored");
      const delivered = await stack.database.countReceipts(stored.map((result) => result.photoId as string));
      const known = receipts.filter((result) => result.receipt).length;
      const line = `receipts: ${known}/${receipts.length} with an outcome (${RECEIPT_OUTCOMES.map((outcome) => `${receipts.filter((result) => result.receipt === outcome).length} ${outcome}`).join(", ")}), ${delivered}/${stored.length} delivered to PostgreSQL`;
      if (line !== lastLine) progress(line);
      lastLine = line;
      if (known === receipts.length && delivered === stored.length) {
        for (const result of stored) result.delivered = true;
        break;
      }
      if (Date.now() > deadline) {
        const rows = new Set(
          await Promise.all(
            stored.map(async (result) =>
              (await stack.database.countReceipts([result.photoId as string])) > 0
                ? result.photoId
                : undefined,
            ),
          ),
        );
        for (const result of receipts) {
          if (!result.receipt) {
            result.status = "LOST";
            result.reason = "PROCESSED, but the receipt workflow gave no outcome in time";
          } else if (result.receipt === "stored") {
            result.delivered = rows.has(result.photoId);
          }
        }
        break;
      }
      await sleep(1000);
    }
  } finally {
    dynamodb.destroy();
  }
  // The counters a client reads: GET /batches/{id}, as the batch's owner.
  for (const batchId of batches.ids) {
    const response = await fetch(`${stack.apiUrl}/batches/${batchId}`, {
      headers: { authorization: batches.authorization },
    });
    const text = await response.text();
    if (!response.ok) {
      progress(`GET /batches/${batchId} answered ${response.status}: ${text.slice(0, 200)}`);
      continue;
    }
    const view = JSON.parse(text) as Record<string, unknown>;
    const counters = ["expected", "processed", "failed", "stored", "duplicate", "invalid"]
      .map((counter) => `${counter} ${view[counter] ?? 0}`)
      .join(", ");
    progress(`GET /batches/${batchId}: ${counters}`);
  }
};

const oneLine = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** The results as a fixed-width table. */
export const resultsTable = (results: DemoResult[]): string => {
  const rows = results.map((result) => [
    result.name,
    result.status,
    result.seconds === undefined ? "" : `${result.seconds.toFixed(1)} s`,
    result.kind === "photo"
      ? ""
      : result.receipt
        ? `${result.receipt}${result.receipt === "stored" ? (result.delivered ? ", delivered" : ", NOT delivered") : ""}`
        : "-",
    result.archive
      ? oneLine(
          `${result.archive.entries} entries: ${result.archive.accepted} accepted, ${result.archive.refusedCount} refused, ${result.archive.skipped} skipped${result.reason ? `; ${result.reason}` : ""}`,
          120,
        )
      : result.status === "PROCESSED"
        ? `${result.thumbnails.length} thumbnail(s): ${result.thumbnails.map((key) => basename(key)).join(", ")}`
        : oneLine(result.reason ?? "", 120),
  ]);
  const header = ["file", "status", "time", "receipt", "thumbnails / reason"];
  const widths = header.map((title, column) =>
    Math.min(40, Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length))),
  );
  const format = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ");
  return [format(header), format(widths.map((width) => "-".repeat(width))), ...rows.map(format)].join("\n");
};
