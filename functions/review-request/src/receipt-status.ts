import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { isConditionalCheckFailed, retryLater } from "@shoebox/runtime";
import { receiptSortKey } from "@shoebox/schemas";

/**
 * Sets the receipt's `RECEIPT#<photoId>` item to IN_REVIEW, creating it (with its photo id) when
 * the workflow has not written it yet. A STORED receipt is never touched (the update is
 * conditional): the answer is then "stored", and the receipt stays as it is.
 *
 * @example
 * await markInReview(dynamo, "shoebox-receipts", { ownerId, photoId }); // "in review"
 */
export const markInReview = async (
  dynamo: DynamoDBDocumentClient,
  table: string,
  receipt: { ownerId: string; photoId: string },
): Promise<"in review" | "stored"> => {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: table,
        Key: { ownerId: receipt.ownerId, sk: receiptSortKey(receipt.photoId) },
        UpdateExpression: "SET #status = :inReview, #photoId = :photoId",
        ConditionExpression: "attribute_not_exists(#status) OR #status <> :stored",
        ExpressionAttributeNames: { "#status": "status", "#photoId": "photoId" },
        ExpressionAttributeValues: {
          ":inReview": "IN_REVIEW",
          ":stored": "STORED",
          ":photoId": receipt.photoId,
        },
      }),
    );
    return "in review";
  } catch (error) {
    if (isConditionalCheckFailed(error)) return "stored";
    return retryLater(`marking receipt ${receipt.photoId} in review`)(error);
  }
};
