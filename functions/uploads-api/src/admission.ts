import { ARCHIVE_CONTENT_TYPE, contentTypeRefusal, type UploadFile } from "@shoebox/schemas";

export interface AdmissionRules {
  maxUploadBytes: number;
  maxArchiveBytes: number;
}

/** A zip of receipt images rather than an image: it goes to `archives/`, to be fanned out. */
export const isArchive = (file: UploadFile): boolean => file.contentType === ARCHIVE_CONTENT_TYPE;

/**
 * Why a file is refused, or undefined when it may be uploaded. A refusal concerns that file
 * alone: the other files of the request still get their upload URLs. An archive's key is its
 * batch's (`archives/{ownerId}/{batchId}`), so a batch has one archive at most: `batchHasArchive`
 * when this request already admitted one, or when it grows an existing batch (whose archive, sent
 * or not, has that key already; a second upload there would overwrite it or be ignored).
 */
export const refusalReason = (
  file: UploadFile,
  rules: AdmissionRules,
  batchHasArchive: boolean,
): string | undefined => {
  if (isArchive(file)) {
    if (file.kind !== "receipt") return "archives hold receipts: send the zip with kind receipt";
    if (batchHasArchive)
      return "one archive per batch: send the next one in a request of its own, without batchId";
    if (file.size > rules.maxArchiveBytes) {
      return `archive is ${file.size} bytes; the limit is ${rules.maxArchiveBytes} bytes`;
    }
    return undefined;
  }
  // Images as photos or receipts, PDFs as receipts only.
  const typeRefusal = contentTypeRefusal(file);
  if (typeRefusal) return typeRefusal;
  if (file.size > rules.maxUploadBytes) {
    return `file is ${file.size} bytes; the limit is ${rules.maxUploadBytes} bytes`;
  }
  return undefined;
};
