import { logger } from "@shoebox/runtime";
import type { PhotoItem } from "@shoebox/schemas";

/**
 * The seam for receipts: called once a receipt is PROCESSED, after its announcement and before
 * it is marked notified, so a failure here retries the record like a failed publish does.
 *
 * Not built yet. When it is: start the receipt state machine (RECEIPT_WORKFLOW_ARN) with the
 * photo id as the execution name, so a retried record cannot start it twice
 * (ExecutionAlreadyExists then means "already started", i.e. success).
 */
export const startReceiptWorkflow = async (receipt: PhotoItem): Promise<void> => {
  logger.info("receipt processed; the receipt workflow is not wired yet", {
    ownerId: receipt.ownerId,
    photoId: receipt.photoId,
  });
};
