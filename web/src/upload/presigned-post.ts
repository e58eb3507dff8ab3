import type { PresignedPost } from "@shoebox/schemas";

/** S3 answers a refused POST with XML; its <Message> says why (e.g. the size condition). */
const s3Message = (xml: string): string | undefined => /<Message>([^<]*)<\/Message>/.exec(xml)?.[1];

/**
 * Sends one file straight to S3 with its presigned POST. XMLHttpRequest, not fetch: only it
 * reports upload progress. Resolves when S3 stored the object; rejects with S3's reason.
 */
export const postToS3 = (
  upload: PresignedPost,
  file: Blob,
  onProgress: (loadedBytes: number) => void,
): Promise<void> =>
  new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    // S3 reads every field after `file` as ignored: the file goes last.
    form.append("file", file);
    const request = new XMLHttpRequest();
    request.open("POST", upload.url);
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) resolve();
      else reject(new Error(s3Message(request.responseText) ?? `storage answered HTTP ${request.status}`));
    };
    request.onerror = () => reject(new Error("the connection to storage failed"));
    request.ontimeout = () => reject(new Error("storage did not answer in time"));
    request.send(form);
  });
