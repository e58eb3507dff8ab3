/**
 * Many files up at once: one POST /uploads per MAX_FILES_PER_REQUEST files (later requests join
 * the first one's batch), then each accepted file straight to S3, a few at a time, each failure
 * tried once more. The entries are mutated in place and `onChange` says something moved: with
 * 500 files, copying the list on every progress event is what would freeze the page.
 */
import {
  ARCHIVE_CONTENT_TYPE,
  MAX_FILES_PER_REQUEST,
  type PresignedPost,
  type UploadFile,
  UploadFileSchema,
  type UploadKind,
  type UploadResponse,
} from "@shoebox/schemas";

/** Parallel uploads to S3: enough to fill a home uplink, few enough to show steady progress. */
export const UPLOADS_IN_FLIGHT = 4;
/** A failed file is sent once more before it counts as failed. */
export const RETRIES = 1;

export type EntryState = "waiting" | "uploading" | "done" | "failed" | "refused";

export interface UploadEntry {
  /** Position in the set, stable: the list renders by it. */
  readonly index: number;
  readonly file: File;
  state: EntryState;
  loadedBytes: number;
  attempts: number;
  /** Why it was refused (by the API or before asking) or why it failed. */
  reason?: string;
  photoId?: string;
}

export interface UploadDependencies {
  requestUploads(request: { files: UploadFile[]; batchId?: string }): Promise<UploadResponse>;
  post(upload: PresignedPost, file: File, onProgress: (loadedBytes: number) => void): Promise<void>;
  onChange(): void;
  inFlight?: number;
}

export const newEntries = (files: File[]): UploadEntry[] =>
  files.map((file, index) => ({ index, file, state: "waiting", loadedBytes: 0, attempts: 0 }));

/** What browsers call a zip: Windows says x-zip-compressed, some say nothing (then the name tells). */
const ZIP_TYPES: ReadonlySet<string> = new Set([ARCHIVE_CONTENT_TYPE, "application/x-zip-compressed"]);

export const isZip = (file: File): boolean => ZIP_TYPES.has(file.type) || /\.zip$/i.test(file.name);

/**
 * What the API is asked for a file; browsers leave `type` empty for what they do not know. A zip
 * goes as one archive of receipts whatever kind the set is: the API takes zips of receipts only,
 * and opens them itself (archive-fanout), so the page never holds their contents.
 */
const describe = (file: File, kind: UploadKind) =>
  isZip(file)
    ? { name: file.name, contentType: ARCHIVE_CONTENT_TYPE, size: file.size, kind: "receipt" as const }
    : { name: file.name, contentType: file.type || "application/octet-stream", size: file.size, kind };

/** The same rule the API applies to each file, checked first so one bad file cannot fail the request. */
const localRefusal = (file: File): string | undefined => {
  if (file.size === 0) return "the file is empty: pick the file again or leave it out";
  if (file.name.length > 255) return "the file name is longer than 255 characters: rename it";
  return undefined;
};

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, at) => items.slice(at * size, (at + 1) * size));

/** Runs `work` over the items with at most `limit` at once. */
const eachLimited = async <T>(items: T[], limit: number, work: (item: T) => Promise<void>) => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
};

/** Asks for presigned POSTs; returns each accepted entry with its POST, and the batch they joined. */
const requestAll = async (
  entries: UploadEntry[],
  kind: UploadKind,
  deps: UploadDependencies,
): Promise<{ accepted: [UploadEntry, PresignedPost][]; batchId?: string }> => {
  const accepted: [UploadEntry, PresignedPost][] = [];
  let batchId: string | undefined;
  const askable: UploadEntry[] = [];
  for (const entry of entries) {
    const refusal = localRefusal(entry.file) ?? schemaRefusal(describe(entry.file, kind));
    if (refusal) Object.assign(entry, { state: "refused", reason: refusal });
    else askable.push(entry);
  }
  for (const group of chunks(askable, MAX_FILES_PER_REQUEST)) {
    try {
      const response = await deps.requestUploads({
        files: group.map((entry) => describe(entry.file, kind)),
        ...(batchId ? { batchId } : {}),
      });
      batchId ??= response.batchId;
      for (const refused of response.rejected) {
        const entry = group[refused.index];
        if (entry) Object.assign(entry, { state: "refused", reason: refused.reason });
      }
      for (const upload of response.uploads) {
        const entry = group[upload.index];
        if (!entry) continue;
        if (upload.photoId) entry.photoId = upload.photoId;
        accepted.push([entry, upload.upload]);
      }
    } catch (error) {
      for (const entry of group) Object.assign(entry, { state: "failed", reason: (error as Error).message });
    }
    deps.onChange();
  }
  return { accepted, ...(batchId ? { batchId } : {}) };
};

const schemaRefusal = (file: ReturnType<typeof describe>): string | undefined => {
  const parsed = UploadFileSchema.safeParse(file);
  return parsed.success ? undefined : parsed.error.issues.map((issue) => issue.message).join("; ");
};

const sendOne = async (entry: UploadEntry, upload: PresignedPost, deps: UploadDependencies) => {
  while (entry.attempts <= RETRIES) {
    entry.attempts += 1;
    Object.assign(entry, { state: "uploading", loadedBytes: 0 });
    deps.onChange();
    try {
      await deps.post(upload, entry.file, (loaded) => {
        entry.loadedBytes = loaded;
        deps.onChange();
      });
      Object.assign(entry, { state: "done", loadedBytes: entry.file.size, reason: undefined });
      deps.onChange();
      return;
    } catch (error) {
      entry.reason = `${(error as Error).message}${entry.attempts <= RETRIES ? " (trying once more)" : ": try this file again later"}`;
    }
  }
  entry.state = "failed";
  deps.onChange();
};

/** Uploads the entries of one kind; resolves with the batch they went into once every file settled. */
export const uploadEntries = async (
  entries: UploadEntry[],
  kind: UploadKind,
  deps: UploadDependencies,
): Promise<{ batchId?: string }> => {
  const { accepted, batchId } = await requestAll(entries, kind, deps);
  await eachLimited(accepted, deps.inFlight ?? UPLOADS_IN_FLIGHT, ([entry, upload]) =>
    sendOne(entry, upload, deps),
  );
  return batchId ? { batchId } : {};
};

/** The whole set's progress: bytes sent of the bytes that will be sent, and counts by state. */
export const setProgress = (entries: readonly UploadEntry[]) => {
  let total = 0;
  let loaded = 0;
  const counts: Record<EntryState, number> = { waiting: 0, uploading: 0, done: 0, failed: 0, refused: 0 };
  for (const entry of entries) {
    counts[entry.state] += 1;
    if (entry.state === "refused") continue;
    total += entry.file.size;
    loaded += entry.state === "done" ? entry.file.size : entry.loadedBytes;
  }
  return { total, loaded, counts };
};
