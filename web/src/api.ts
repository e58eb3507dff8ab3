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
  if (status === 429) return `too many requests: wait ${retryAfter ?? "a few"} seconds and try again`;
  if (status >= 500) return "the service had a problem: try again in a minute";
  return "check the request and try again";
};

export interface Api {
  requestUploads(request: UploadRequest): Promise<UploadResponse>;
  listPhotos(page?: { nextToken?: string | undefined; limit?: number }): Promise<PhotoListResponse>;
  getPhoto(photoId: string): Promise<PhotoView>;
  getBatch(batchId: string): Promise<BatchView>;
}

export const createApi = (baseUrl: string, token: string, onUnauthorized: () => void = () => {}): Api => {
  const call = async <T>(schema: z.ZodType<T>, path: string, init: RequestInit = {}): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(new URL(path, baseUrl), {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
      });
    } catch {
      throw new ApiError(0, "the service could not be reached: check your connection and try again");
    }
    const body = (await response.json().catch(() => undefined)) as { message?: string } | undefined;
    if (!response.ok) {
      if (response.status === 401) onUnauthorized();
      const said = body?.message ? `${body.message}; ` : "";
      throw new ApiError(
        response.status,
        `${said}${nextStep(response.status, response.headers.get("retry-after"))}`,
      );
    }
    return schema.parse(body);
  };
  return {
    requestUploads: (request) =>
      call(UploadResponseSchema, "/uploads", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      }),
    listPhotos: ({ nextToken, limit } = {}) => {
      const query = new URLSearchParams();
      if (limit) query.set("limit", String(limit));
      if (nextToken) query.set("nextToken", nextToken);
      return call(PhotoListResponseSchema, `/photos${query.size ? `?${query}` : ""}`);
    },
    getPhoto: (photoId) => call(PhotoViewSchema, `/photos/${encodeURIComponent(photoId)}`),
    getBatch: (batchId) => call(BatchViewSchema, `/batches/${encodeURIComponent(batchId)}`),
  };
};
