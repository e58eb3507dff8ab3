/**
 * The HTTP API, typed by @shoebox/schemas: requests are built from its input types and answers
 * parsed with its response schemas, so a change on either side fails loudly here, not in a view.
 */
import {
  type BatchView,
  BatchViewSchema,
  type PhotoListResponse,
  PhotoListResponseSchema,
  type PhotoView,
  PhotoViewSchema,
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

/** A refused request, with what to do about it in its message. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

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

const refusal = async (response: Response): Promise<ApiError> => {
  const body = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
  const said = [body?.message, ...(body?.issues ?? [])].filter(Boolean).join(": ");
  return new ApiError(
    response.status,
    `${said ? `${said}; ` : ""}${nextStep(response.status, response.headers.get("retry-after"))}`,
  );
};

/** A query string of the values that are set, or nothing. */
const queryOf = (values: Record<string, string | number | undefined>): string => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) query.set(name, String(value));
  return query.size ? `?${query}` : "";
};

export interface Api {
  requestUploads(request: UploadRequest): Promise<UploadResponse>;
  listPhotos(page?: { nextToken?: string | undefined; limit?: number }): Promise<PhotoListResponse>;
  getPhoto(photoId: string): Promise<PhotoView>;
  getBatch(batchId: string): Promise<BatchView>;
  listReceipts(page?: { cursor?: string | undefined; limit?: number }): Promise<ReceiptListResponse>;
  /** The CSV file of the range (its name is the app's: CORS does not expose Content-Disposition). */
  exportReceipts(range: ReceiptExportQuery): Promise<Blob>;
  listReviews(page?: { nextToken?: string | undefined; limit?: number }): Promise<ReviewListResponse>;
  getReview(reviewId: string): Promise<ReviewDetail>;
  decideReview(reviewId: string, decision: ReviewDecisionRequest): Promise<ReviewDetail>;
}

export const createApi = (baseUrl: string, token: string, onUnauthorized: () => void = () => {}): Api => {
  const send = async (path: string, init: RequestInit = {}): Promise<Response> => {
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
      throw await refusal(response);
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
    getPhoto: (photoId) => call(PhotoViewSchema, `/photos/${id(photoId)}`),
    getBatch: (batchId) => call(BatchViewSchema, `/batches/${id(batchId)}`),
    listReceipts: ({ cursor, limit } = {}) =>
      call(ReceiptListResponseSchema, `/receipts${queryOf({ limit, cursor })}`),
    exportReceipts: async (range) => (await send(`/receipts/export${queryOf(range)}`)).blob(),
    listReviews: ({ nextToken, limit } = {}) =>
      call(ReviewListResponseSchema, `/reviews${queryOf({ limit, nextToken })}`),
    getReview: (reviewId) => call(ReviewDetailSchema, `/reviews/${id(reviewId)}`),
    decideReview: (reviewId, decision) =>
      call(ReviewDetailSchema, `/reviews/${id(reviewId)}`, postJson(decision)),
  };
};
