import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { isConditionalCheckFailed, retryLater } from "@shoebox/runtime";
import { type ReviewRequest, type ReviewStatus, reviewSortKey } from "@shoebox/schemas";

/**
 * opened: the review waits for its owner with this request's token. repeated: this very request
 * (same token) had opened it already and it still waits, so the rest of the task is to be done
 * again. ended: this request's review was decided or expired meanwhile: nothing is to be done.
 */
export type OpenedReview =
  | { outcome: "opened" | "repeated"; deadlineAt: string }
  | { outcome: "ended"; status: ReviewStatus };

/** The refused update's item (ReturnValuesOnConditionCheckFailure: ALL_OLD), in DynamoDB's own JSON. */
const itemFound = (error: unknown) =>
  (error as { Item?: { status?: { S?: string }; deadlineAt?: { S?: string } } }).Item;

/**
 * Records `REVIEW#<photoId>` as PENDING with the request's token, round, reasons, fields and
 * reading, due `deadlineSeconds` after `now`. One conditional update: a new round (or a new run
 * of the workflow) overwrites the item but keeps its decisions, the history of earlier rounds;
 * a request whose token the item already holds changes nothing, so a retried invocation can
 * neither move the deadline nor reopen a review that was decided.
 *
 * @example
 * await openReview(dynamo, "shoebox-receipts", request, new Date()); // { outcome: "opened", deadlineAt }
 */
export const openReview = async (
  dynamo: DynamoDBDocumentClient,
  table: string,
  request: ReviewRequest,
  now: Date,
): Promise<OpenedReview> => {
  const deadlineAt = new Date(now.getTime() + request.deadlineSeconds * 1000).toISOString();
  const opened = {
    photoId: request.photoId,
    status: "PENDING",
    taskToken: request.taskToken,
    round: request.round,
    reasons: request.reasons,
    fields: request.fields,
    reading: request.reading,
    original: request.original,
    requestedAt: now.toISOString(),
    deadlineAt,
  };
  const names = Object.keys(opened);
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: table,
        Key: { ownerId: request.ownerId, sk: reviewSortKey(request.photoId) },
        UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(", ")}, #decisions = if_not_exists(#decisions, :noDecisions) REMOVE #endedAt`,
        ConditionExpression: "attribute_not_exists(#taskToken) OR #taskToken <> :taskToken",
        ExpressionAttributeNames: Object.fromEntries(
          [...names, "decisions", "endedAt"].map((name) => [`#${name}`, name]),
        ),
        ExpressionAttributeValues: {
          ...Object.fromEntries(Object.entries(opened).map(([name, value]) => [`:${name}`, value])),
          ":noDecisions": [],
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return { outcome: "opened", deadlineAt };
  } catch (error) {
    if (!isConditionalCheckFailed(error))
      return retryLater(`opening the review of ${request.photoId}`)(error);
    const found = itemFound(error);
    const status = (found?.status?.S ?? "PENDING") as ReviewStatus;
    return status === "PENDING"
      ? { outcome: "repeated", deadlineAt: found?.deadlineAt?.S ?? deadlineAt }
      : { outcome: "ended", status };
  }
};
