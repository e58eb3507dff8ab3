import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { isConditionalCheckFailed } from "@shoebox/runtime";
import { type ReviewItem, ReviewItemSchema, type ReviewStatus, reviewSortKey } from "@shoebox/schemas";
import type { Decision } from "./review-decision.ts";
import type { ReviewSource } from "./review-queries.ts";

/*
 * A decision is recorded before it is handed to the workflow, in one conditional update, so two
 * decisions racing for one review cannot both reach it. When the workflow does not take it, the
 * record is undone: the review goes back to PENDING (to be decided again) or to EXPIRED (the
 * workflow stopped waiting), without the decision, each conditional on the decision being the
 * one this request recorded.
 */

const keyOf = (review: ReviewItem) => ({ ownerId: review.ownerId, sk: reviewSortKey(review.photoId) });

/** The review holds another status or token than the one read: another decision, or a new round, came first. */
export class ReviewChangedError extends Error {
  readonly status: ReviewStatus | undefined;

  constructor(status: ReviewStatus | undefined) {
    super(`the review changed meanwhile (now ${status ?? "gone"})`);
    this.name = "ReviewChangedError";
    this.status = status;
  }
}

/**
 * Appends the decision to the review and ends it with the decision's status, if it is still
 * PENDING with the token that was read; ReviewChangedError otherwise. Answers the review as recorded.
 */
export const recordDecision = async (
  source: ReviewSource,
  review: ReviewItem & { taskToken: string },
  decision: Decision,
): Promise<ReviewItem> => {
  try {
    const { Attributes } = await source.dynamo.send(
      new UpdateCommand({
        TableName: source.table,
        Key: keyOf(review),
        UpdateExpression:
          "SET #status = :decided, #endedAt = :decidedAt, #decisions = list_append(#decisions, :record)",
        ConditionExpression: "#status = :pending AND #taskToken = :taskToken",
        ExpressionAttributeNames: {
          "#status": "status",
          "#endedAt": "endedAt",
          "#decisions": "decisions",
          "#taskToken": "taskToken",
        },
        ExpressionAttributeValues: {
          ":decided": decision.status,
          ":decidedAt": decision.record.decidedAt,
          ":record": [decision.record],
          ":pending": "PENDING",
          ":taskToken": review.taskToken,
        },
        ReturnValues: "ALL_NEW",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return ReviewItemSchema.parse(Attributes);
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    // The refused update's item (ALL_OLD) comes in DynamoDB's own JSON: the document client
    // unmarshalls outputs only.
    const status = (error as { Item?: { status?: { S?: string } } }).Item?.status?.S;
    throw new ReviewChangedError(status as ReviewStatus | undefined);
  }
};

/**
 * Takes the recorded decision back out (it never reached the workflow) and sets the review to
 * `status`: PENDING again (endedAt removed), or EXPIRED (ended `now`). `review` is the item as
 * read before the decision, so the decision is the element after its decisions. Answers the
 * review as it is then; ReviewChangedError when the review no longer holds this decision.
 */
export const undoDecision = async (
  source: ReviewSource,
  review: ReviewItem,
  decision: Decision,
  status: "PENDING" | "EXPIRED",
  now: Date,
): Promise<ReviewItem> => {
  const recorded = `#decisions[${review.decisions.length}]`;
  const ended = status === "PENDING" ? " REMOVE #endedAt," : ", #endedAt = :now REMOVE";
  try {
    const { Attributes } = await source.dynamo.send(
      new UpdateCommand({
        TableName: source.table,
        Key: keyOf(review),
        UpdateExpression: `SET #status = :status${ended} ${recorded}`,
        ConditionExpression: `#status = :decided AND ${recorded}.#decidedAt = :decidedAt`,
        ExpressionAttributeNames: {
          "#status": "status",
          "#endedAt": "endedAt",
          "#decisions": "decisions",
          "#decidedAt": "decidedAt",
        },
        ExpressionAttributeValues: {
          ":status": status,
          ":decided": decision.status,
          ":decidedAt": decision.record.decidedAt,
          ...(status === "EXPIRED" ? { ":now": now.toISOString() } : {}),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return ReviewItemSchema.parse(Attributes);
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw new ReviewChangedError(undefined);
    throw error;
  }
};
