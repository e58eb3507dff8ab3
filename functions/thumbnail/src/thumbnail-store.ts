import { PutObjectCommand } from "@aws-sdk/client-s3";
import { retryLater, s3Client } from "@shoebox/runtime";
import { thumbnailKey, type UploadKey } from "@shoebox/schemas";
import type { RenderedThumbnail } from "./thumbnails.ts";

/**
 * A thumbnail's key holds the photo id and never gets other bytes, so browsers may keep it for
 * a year without asking again. `private`: thumbnails are one owner's photos, served through
 * presigned URLs, never from a shared cache.
 */
export const THUMBNAIL_CACHE_CONTROL = "private, max-age=31536000, immutable";

/**
 * Puts every thumbnail of an upload in the thumbnails bucket and returns their keys by size.
 * Writing them again (a retried record) overwrites identical bytes, which is harmless.
 */
export const storeThumbnails = async (
  bucket: string,
  upload: Pick<UploadKey, "ownerId" | "photoId">,
  thumbnails: readonly RenderedThumbnail[],
): Promise<Record<string, string>> => {
  const stored = await Promise.all(
    thumbnails.map(async (thumbnail) => {
      const key = thumbnailKey(upload.ownerId, upload.photoId, thumbnail.size);
      await s3Client()
        .send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: thumbnail.body,
            ContentType: "image/webp",
            CacheControl: THUMBNAIL_CACHE_CONTROL,
          }),
        )
        .catch(retryLater(`storing s3://${bucket}/${key}`));
      return [thumbnail.size, key] as const;
    }),
  );
  return Object.fromEntries(stored);
};
