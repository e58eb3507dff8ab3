import { AcceptedContentTypeSchema, type UploadFile } from "@shoebox/schemas";

export interface AdmissionRules {
  maxUploadBytes: number;
}

/**
 * Why a file is refused, or undefined when it may be uploaded. A refusal concerns that
 * file alone: the other files of the request still get their upload URLs.
 */
export const refusalReason = (file: UploadFile, rules: AdmissionRules): string | undefined => {
  if (!AcceptedContentTypeSchema.safeParse(file.contentType).success) {
    return `content type ${file.contentType} is not accepted; send one of ${AcceptedContentTypeSchema.options.join(", ")}`;
  }
  if (file.size > rules.maxUploadBytes) {
    return `file is ${file.size} bytes; the limit is ${rules.maxUploadBytes} bytes`;
  }
  return undefined;
};
