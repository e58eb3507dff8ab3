import {
  AnalyzeExpenseCommand,
  type AnalyzeExpenseResponse,
  GetExpenseAnalysisCommand,
  type GetExpenseAnalysisResponse,
  type S3Object,
  StartExpenseAnalysisCommand,
  type TextractClient,
} from "@aws-sdk/client-textract";
import { ReaderThrottledError, ReceiptUnreadableError, readOriginal } from "@shoebox/receipt-reading";
import { IMAGE_TYPES } from "@shoebox/schemas";
import { asReaderError } from "./textract-errors.ts";
import { type DecodeLimits, toTextractJpeg } from "./textract-jpeg.ts";

/** The document types Textract's expense analysis reads from S3. */
const TEXTRACT_IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/tiff"]);
const PDF = "application/pdf";

/** The accepted images Textract does not read (HEIC, HEIF, WebP, GIF, AVIF): sent as a JPEG instead. */
const CONVERTED_IMAGE_TYPES = new Set<string>(
  IMAGE_TYPES.map((type) => type.contentType).filter((type) => !TEXTRACT_IMAGE_TYPES.has(type)),
);

/** What converting an original may cost: its download, then its decode. */
export interface ConversionLimits extends DecodeLimits {
  /** Bytes of the original, at most (MAX_INPUT_BYTES). */
  maxInputBytes: number;
}

export interface ExpenseRequest {
  /** The original, at the version the workflow names. */
  object: S3Object;
  contentType: string;
  limits: ConversionLimits;
  /** Milliseconds the invocation has left: an asynchronous job is given up before the Lambda is killed. */
  remainingMs: () => number;
  pollMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Time kept back for normalising and answering after the last poll. */
const ANSWER_MARGIN_MS = 5000;

/**
 * A PDF by an asynchronous job (synchronous AnalyzeExpense takes one page only), polled until
 * done and its pages gathered from every result page. A job still running when the invocation
 * is nearly out of time is answered as throttled: the workflow retries the task later.
 */
const analyzePdf = async (
  textract: TextractClient,
  request: ExpenseRequest,
): Promise<AnalyzeExpenseResponse> => {
  const { JobId } = await textract.send(
    new StartExpenseAnalysisCommand({ DocumentLocation: { S3Object: request.object } }),
  );
  const documents: NonNullable<GetExpenseAnalysisResponse["ExpenseDocuments"]> = [];
  let nextToken: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await textract.send(new GetExpenseAnalysisCommand({ JobId, NextToken: nextToken }));
    if (page.JobStatus === "IN_PROGRESS") {
      if (request.remainingMs() < request.pollMs + ANSWER_MARGIN_MS) {
        throw new ReaderThrottledError(
          `Textract job ${JobId} was still running when the invocation ran out of time`,
        );
      }
      await sleep(request.pollMs);
      continue;
    }
    if (page.JobStatus === "FAILED") {
      throw new ReceiptUnreadableError(
        `Textract could not read the PDF: ${page.StatusMessage ?? "no reason given"}`,
      );
    }
    documents.push(...(page.ExpenseDocuments ?? []));
    pages = page.DocumentMetadata?.Pages ?? pages;
    nextToken = page.NextToken;
    if (!nextToken) return { DocumentMetadata: { Pages: pages }, ExpenseDocuments: documents };
  }
};

/**
 * An image Textract does not read: downloaded (this function's own s3:GetObjectVersion), made a
 * JPEG, and sent as bytes to synchronous AnalyzeExpense. S3's and the decoder's refusals are
 * ReceiptUnreadable already; Textract's are mapped by the caller.
 */
const analyzeConverted = async (
  textract: TextractClient,
  request: ExpenseRequest,
): Promise<AnalyzeExpenseResponse> => {
  const { Bucket, Name, Version } = request.object;
  const original = await readOriginal(
    Bucket ?? "",
    { key: Name ?? "", versionId: Version },
    request.limits.maxInputBytes,
  );
  const jpeg = await toTextractJpeg(original, request.limits);
  return textract.send(new AnalyzeExpenseCommand({ Document: { Bytes: jpeg } }));
};

/**
 * Textract AnalyzeExpense on a receipt's original. JPEG, PNG and TIFF are read where they lie
 * (Textract fetches them with this function's permissions: s3:GetObject(Version) and kms:Decrypt
 * on the uploads) in one synchronous call; PDFs by an asynchronous job. HEIC, HEIF, WebP, GIF
 * and AVIF, which Textract does not read, are downloaded, converted to a JPEG under Textract's
 * 5 MB and sent as bytes. Anything else is refused as unreadable.
 *
 * @example
 * const response = await analyzeExpense(textractClient(), { object, contentType: "image/jpeg", … });
 */
export const analyzeExpense = async (
  textract: TextractClient,
  request: ExpenseRequest,
): Promise<AnalyzeExpenseResponse> => {
  const what = `s3://${request.object.Bucket}/${request.object.Name}`;
  try {
    if (request.contentType === PDF) return await analyzePdf(textract, request);
    if (TEXTRACT_IMAGE_TYPES.has(request.contentType)) {
      return await textract.send(new AnalyzeExpenseCommand({ Document: { S3Object: request.object } }));
    }
    if (CONVERTED_IMAGE_TYPES.has(request.contentType)) return await analyzeConverted(textract, request);
  } catch (error) {
    throw asReaderError(error, what);
  }
  throw new ReceiptUnreadableError(
    `${request.contentType} is not a receipt image (${what}); upload a photo or a PDF of the receipt`,
  );
};
