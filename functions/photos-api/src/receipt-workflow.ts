import { DescribeExecutionCommand, type SFNClient } from "@aws-sdk/client-sfn";

/** Still running, or about to run again (a redrive of a failed execution). */
const UNFINISHED = new Set(["RUNNING", "PENDING_REDRIVE"]);

/** receipt-starter names each execution after its photo: at most one per receipt, ever. */
const executionArnOf = (workflowArn: string, photoId: string): string =>
  `${workflowArn.replace(":stateMachine:", ":execution:")}:${photoId}`;

/**
 * Whether the receipt workflow is still at work on this photo: reading it, checking it, or
 * waiting for its owner's review. An execution that was never started (receipt-starter has not
 * got to it, and will find the photo gone) or that Step Functions no longer keeps (90 days after
 * it ended) is not at work.
 *
 * @example
 * await isReceiptInWorkflow(sfnClient(), config.receiptWorkflowArn, photoId); // true while it waits for review
 */
export const isReceiptInWorkflow = async (
  sfn: SFNClient,
  workflowArn: string,
  photoId: string,
): Promise<boolean> => {
  try {
    const { status } = await sfn.send(
      new DescribeExecutionCommand({ executionArn: executionArnOf(workflowArn, photoId) }),
    );
    return UNFINISHED.has(status ?? "");
  } catch (error) {
    if ((error as { name?: string }).name === "ExecutionDoesNotExist") return false;
    throw error;
  }
};
