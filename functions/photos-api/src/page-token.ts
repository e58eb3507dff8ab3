import { PhotoIdSchema } from "@shoebox/schemas";

/*
 * A page token carries only the last photo id of the page. The owner id of the next query
 * always comes from the caller's token, so a crafted page token can never reach into
 * another owner's partition.
 */

export const encodePageToken = (lastPhotoId: string): string =>
  Buffer.from(lastPhotoId).toString("base64url");

/** The photo id to continue after, or undefined when the token is not one of ours. */
export const decodePageToken = (token: string): string | undefined => {
  const parsed = PhotoIdSchema.safeParse(Buffer.from(token, "base64url").toString("utf8"));
  return parsed.success ? parsed.data : undefined;
};
