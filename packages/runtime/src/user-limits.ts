import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyResultV2, Context } from "aws-lambda";
import * as z from "zod";
import { isConditionalCheckFailed } from "./aws-errors.ts";
import { dynamoDocumentClient } from "./clients.ts";
import { positiveInt, requiredString } from "./config.ts";
import { HttpError } from "./errors.ts";
import type { HttpRequest } from "./http.ts";
import {
  dayWindow,
  type LimitWindow,
  requestWindow,
  requestWindowSeconds,
  retryAfterSeconds,
} from "./limit-windows.ts";
import { logger } from "./logger.ts";

/*
 * Per-user limits, counted in the limits table (ownerId + window, TTL on expiresAt). API
 * Gateway throttles a route, not a user, so the count lives here: one conditional UpdateItem
 * per check, which DynamoDB applies atomically, so concurrent requests can never push a count
 * past its limit, and a refused update records nothing.
 */

/** A limit of 0 is no limit. */
const limitValue = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

/**
 * The environment of a function that limits each caller's request rate (Terraform sets every
 * one); spread into the function's own environment schema, and mapped with `requestLimitFrom`.
 *
 * @example
 * export const PhotosApiConfigSchema = z
 *   .object({ PHOTOS_TABLE: requiredString, ...requestLimitEnvironment })
 *   .transform((env) => ({ photosTable: env.PHOTOS_TABLE, requestLimit: requestLimitFrom(env) }));
 */
export const requestLimitEnvironment = {
  LIMITS_TABLE: requiredString,
  USER_REQUESTS_PER_SECOND: limitValue(10),
  USER_REQUEST_BURST: positiveInt(20),
};

/** The daily upload limits, for the function that hands out uploads (with `requestLimitEnvironment`). */
export const uploadLimitsEnvironment = {
  USER_FILES_PER_DAY: limitValue(5000),
  USER_BYTES_PER_DAY: limitValue(10 * 1024 ** 3),
};

export interface RequestLimit {
  table: string;
  perSecond: number;
  burst: number;
}

export interface UploadLimits {
  table: string;
  filesPerDay: number;
  bytesPerDay: number;
}

/** The request limit from a config that `requestLimitEnvironment` was spread into. */
export const requestLimitFrom = (
  config: z.infer<z.ZodObject<typeof requestLimitEnvironment>>,
): RequestLimit => ({
  table: config.LIMITS_TABLE,
  perSecond: config.USER_REQUESTS_PER_SECOND,
  burst: config.USER_REQUEST_BURST,
});

/** The upload limits from a config that both environments were spread into. */
export const uploadLimitsFrom = (
  config: z.infer<z.ZodObject<typeof requestLimitEnvironment & typeof uploadLimitsEnvironment>>,
): UploadLimits => ({
  table: config.LIMITS_TABLE,
  filesPerDay: config.USER_FILES_PER_DAY,
  bytesPerDay: config.USER_BYTES_PER_DAY,
});

export type LimitName = "requests" | "files-per-day" | "bytes-per-day";

/** A request over one of the caller's limits: 429, to be tried again when its window ends. */
export class LimitExceededError extends HttpError {
  readonly limit: LimitName;
  readonly resetsAt: Date;
  readonly retryAfterSeconds: number;

  constructor(limit: LimitName, message: string, window: LimitWindow, now: Date) {
    super(429, message);
    this.name = "LimitExceededError";
    this.limit = limit;
    this.resetsAt = window.endsAt;
    this.retryAfterSeconds = retryAfterSeconds(now, window);
    // The API's error body, plus which limit and when it resets; Retry-After in seconds.
    Object.assign(this.headers, { "retry-after": String(this.retryAfterSeconds) });
    Object.assign(this.fields, { limit, resetsAt: this.resetsAt.toISOString() });
  }
}

const expiresAt = (window: LimitWindow) => Math.ceil(window.endsAt.getTime() / 1000);

/** Counts one request in the caller's current request window, or refuses it when the window is full. */
const takeRequest = async (
  dynamo: DynamoDBDocumentClient,
  limit: RequestLimit,
  ownerId: string,
  now: Date,
): Promise<void> => {
  if (limit.perSecond === 0) return;
  const seconds = requestWindowSeconds(limit.perSecond, limit.burst);
  const window = requestWindow(now, seconds);
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: limit.table,
        Key: { ownerId, window: window.id },
        UpdateExpression: "ADD #requests :one SET #expiresAt = :expiresAt",
        ConditionExpression: "attribute_not_exists(#requests) OR #requests < :burst",
        ExpressionAttributeNames: { "#requests": "requests", "#expiresAt": "expiresAt" },
        ExpressionAttributeValues: {
          ":one": 1,
          ":burst": limit.burst,
          ":expiresAt": expiresAt(window),
        },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    throw new LimitExceededError(
      "requests",
      `too many requests: at most ${limit.burst} every ${seconds} s; try again at ${window.endsAt.toISOString()}`,
      window,
      now,
    );
  }
};

export interface UploadCount {
  files: number;
  /** The declared sizes: each presigned POST's content-length-range caps its upload at its own. */
  bytes: number;
}

/**
 * What the refused update found on the item (ReturnValuesOnConditionCheckFailure: ALL_OLD). The
 * document client unmarshalls outputs only, so an error's item is in DynamoDB's own JSON.
 */
const countsFound = (error: unknown): UploadCount => {
  const item = (error as { Item?: Record<string, { N?: string }> }).Item;
  return { files: Number(item?.files?.N ?? 0), bytes: Number(item?.bytes?.N ?? 0) };
};

/**
 * Counts a request's uploads on the caller's day, files and bytes together or not at all, and
 * returns what gives them back if the request fails after all (its uploads never handed out).
 * A request over a daily limit is a LimitExceededError (429, until midnight UTC); one larger
 * than a whole day's allowance could never succeed, so it is a 413 instead of a wait.
 */
export const reserveUploads = async (
  dynamo: DynamoDBDocumentClient,
  limits: UploadLimits,
  ownerId: string,
  wanted: UploadCount,
  now: Date,
): Promise<() => Promise<void>> => {
  const nothingToGiveBack = async () => {};
  const checks = [
    {
      name: "files-per-day",
      attribute: "files",
      limit: limits.filesPerDay,
      wanted: wanted.files,
    },
    {
      name: "bytes-per-day",
      attribute: "bytes",
      limit: limits.bytesPerDay,
      wanted: wanted.bytes,
    },
  ] as const;
  const limited = checks.filter((check) => check.limit > 0);
  if (wanted.files === 0 || limited.length === 0) return nothingToGiveBack;
  for (const check of limited) {
    if (check.wanted > check.limit) {
      throw new HttpError(
        413,
        `this request adds ${check.wanted} ${check.attribute}, more than the ${check.limit} ${check.attribute} a day allows: send fewer at a time`,
      );
    }
  }

  const window = dayWindow(now);
  const key = { ownerId, window: window.id };
  const names = { "#files": "files", "#bytes": "bytes" };
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: limits.table,
        Key: key,
        UpdateExpression: "ADD #files :files, #bytes :bytes SET #expiresAt = :expiresAt",
        // "Stays within the limit" as "was at most limit - wanted": one comparison per limit.
        ConditionExpression: limited
          .map(
            (check) =>
              `(attribute_not_exists(#${check.attribute}) OR #${check.attribute} <= :${check.attribute}Room)`,
          )
          .join(" AND "),
        ExpressionAttributeNames: { ...names, "#expiresAt": "expiresAt" },
        ExpressionAttributeValues: {
          ":files": wanted.files,
          ":bytes": wanted.bytes,
          ":expiresAt": expiresAt(window),
          ...Object.fromEntries(
            limited.map((check) => [`:${check.attribute}Room`, check.limit - check.wanted]),
          ),
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    const used = countsFound(error);
    const over = limited.find((check) => used[check.attribute] + check.wanted > check.limit);
    // ALL_OLD shows the item as the condition saw it, so one check is over unless DynamoDB changed that.
    if (!over) throw error;
    throw new LimitExceededError(
      over.name,
      `daily limit reached: ${used[over.attribute]} of ${over.limit} ${over.attribute} used today and this request adds ${over.wanted}; the count resets at ${window.endsAt.toISOString()}`,
      window,
      now,
    );
  }

  return async () => {
    await dynamo
      .send(
        new UpdateCommand({
          TableName: limits.table,
          Key: key,
          UpdateExpression: "ADD #files :files, #bytes :bytes",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ":files": -wanted.files, ":bytes": -wanted.bytes },
        }),
      )
      .catch((error: unknown) =>
        logger.warn("could not give back a failed request's daily upload count", { error }),
      );
  };
};

/**
 * Puts an httpHandler's work behind the caller's limits: one request counted in the caller's
 * request window before it runs; a LimitExceededError (that one, or a daily quota's from
 * inside) is logged and answered by httpHandler's error handler: 429 with Retry-After. Other users have other keys, so they never wait.
 *
 * @example
 * export const handler = httpHandler({}, withUserLimits(requestLimit, async ({ ownerId }) => json(200, await list(ownerId))));
 */
export const withUserLimits =
  <Body>(
    limit: RequestLimit,
    handle: (request: HttpRequest<Body>, context: Context) => Promise<APIGatewayProxyResultV2>,
  ) =>
  async (request: HttpRequest<Body>, context: Context): Promise<APIGatewayProxyResultV2> => {
    try {
      await takeRequest(dynamoDocumentClient(), limit, request.ownerId, new Date());
      return await handle(request, context);
    } catch (error) {
      if (error instanceof LimitExceededError) {
        logger.info("per-user limit reached", {
          limit: error.limit,
          retryAfterSeconds: error.retryAfterSeconds,
        });
      }
      throw error;
    }
  };
