/**
 * The HTTP API, typed by @shoebox/schemas: requests are built from its input types and answers
 * parsed with its response schemas, so a change on either side fails loudly here, not in a view.
 */
import {
  type BatchView,
  BatchViewSchema,
  type PhotoDetail,
  PhotoDetailSchema,
  type PhotoListResponse,
  PhotoListResponseSchema,
  type ReceiptExportQuery,
  type ReceiptListResponse,
  ReceiptListResponseSchema,
  type ReviewDecisionRequest,
  type ReviewDetail,
  ReviewDetailSchema,
  type ReviewListResponse,
  ReviewListResponseSchema,
  type UploadRequest,
  type UploadResponse,
  UploadResponseSchema,
} from "@shoebox/schemas";
import type * as z from "zod";
import { attachmentFilename } from "./download.ts";

/** A refused request, with what to do about it in its message. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** A call's own next step for some refusals, where the general one would mislead. */
type NextSteps = Partial<Record<number, string>>;

/** What to tell the person for each kind of refusal; the API's own message comes first. */
const nextStep = (status: number, retryAfter: string | null): string => {
  if (status === 401) return "your sign-in has expired: sign in again";
  if (status === 403) return "this account may not do that";
  if (status === 404) return "it is not there (or not yours)";
  if (status === 409) return "it changed meanwhile: reload the page to see it as it is now";
  if (status === 413) return "ask for less at once";
  if (status === 429) return `too many requests: wait ${retryAfter ?? "a few"} seconds and try again`;
  if (status === 503 && retryAfter) return `wait ${retryAfter} seconds and try again`;
  if (status >= 500) return "the service had a problem: try again in a minute";
  return "check what you entered and try again";
};

/** The API's error body: a message, and for a refused request the schema's issues as sentences. */
interface ErrorBody {
  message?: string;
  issues?: string[];
}

const refusal = async (response: Response, nextSteps: NextSteps): Promise<ApiError> => {
  const body = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
  const said = [body?.message, ...(body?.issues ?? [])].filter(Boolean).join(": ");
  const next = nextSteps[response.status] ?? nextStep(response.status, response.headers.get("retry-after"));
  return new ApiError(response.status, `${said ? `${said}; ` : ""}${next}`);
};

/** A query string of the values that are set, or nothing. */
const queryOf = (values: Record<string, string | number | undefined>): string => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) query.set(name, String(value));
  return query.size ? `?${query}` : "";
};

/** A file fetched with the token, to be saved by the browser (download.ts). */
export interface DownloadedFile {
  file: Blob;
  filename: string | undefined;
}

export interface Api {
  requestUploads(request: UploadRequest): Promise<UploadResponse>;
  listPhotos(page?: { nextToken?: string | undefined; limit?: number }): Promise<PhotoListResponse>;
  getPhoto(photoId: string): Promise<PhotoDetail>;
  /** Resolves once the photo is gone; a 409 (still moving) says why and when to try again. */
  deletePhoto(photoId: string): Promise<void>;
  getBatch(batchId: string): Promise<BatchView>;
  listReceipts(page?: { cursor?: string | undefined; limit?: number }): Promise<ReceiptListResponse>;
  /** The CSV file of the range, and the name the API gives it (when the gateway exposes it). */
  exportReceipts(range: ReceiptExportQuery): Promise<DownloadedFile>;
  listReviews(page?: { nextToken?: string | undefined; limit?: number }): Promise<ReviewListResponse>;
  getReview(reviewId: string): Promise<ReviewDetail>;
  decideReview(reviewId: string, decision: ReviewDecisionRequest): Promise<ReviewDetail>;
}

export const createApi = (baseUrl: string, token: string, onUnauthorized: () => void = () => {}): Api => {
  const send = async (path: string, init: RequestInit = {}, nextSteps: NextSteps = {}): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(new URL(path, baseUrl), {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
      });
    } catch {
      throw new ApiError(0, "the service could not be reached: check your connection and try again");
    }
    if (!response.ok) {
      if (response.status === 401) onUnauthorized();
      throw await refusal(response, nextSteps);
    }
    return response;
  };
  const call = async <T>(schema: z.ZodType<T>, path: string, init?: RequestInit): Promise<T> =>
    schema.parse(await (await send(path, init)).json());
  const postJson = (body: unknown): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const id = encodeURIComponent;
  return {
    requestUploads: (request) => call(UploadResponseSchema, "/uploads", postJson(request)),
    listPhotos: ({ nextToken, limit } = {}) =>
      call(PhotoListResponseSchema, `/photos${queryOf({ limit, nextToken })}`),
    getPhoto: (photoId) => call(PhotoDetailSchema, `/photos/${id(photoId)}`),
    deletePhoto: async (photoId) => {
      // The API's reason says when it can go; the general 409 advice (reload) would not help.
      await send(`/photos/${id(photoId)}`, { method: "DELETE" }, { 409: "nothing was deleted" });
    },
    getBatch: (batchId) => call(BatchViewSchema, `/batches/${id(batchId)}`),
    listReceipts: ({ cursor, limit } = {}) =>
      call(ReceiptListResponseSchema, `/receipts${queryOf({ limit, cursor })}`),
    exportReceipts: async (range) => {
      const response = await send(`/receipts/export${queryOf(range)}`);
      return {
        file: await response.blob(),
        filename: attachmentFilename(response.headers.get("content-disposition")),
      };
    },
    listReviews: ({ nextToken, limit } = {}) =>
      call(ReviewListResponseSchema, `/reviews${queryOf({ limit, nextToken })}`),
    getReview: (reviewId) => call(ReviewDetailSchema, `/reviews/${id(reviewId)}`),
    decideReview: (reviewId, decision) =>
      call(ReviewDetailSchema, `/reviews/${id(reviewId)}`, postJson(decision)),
  };
};
