import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { emulatorAdmin } from "../emulator-admin.ts";
import type { Stack } from "../stack.ts";

/** Thumbnail keys in the thumbnails bucket by photo id (keys are thumbnails/{owner}/{photo}/{size}.webp). */
export const thumbnailKeys = async (stack: Stack): Promise<Map<string, string[]>> => {
  const bucket = stack.config.buckets.thumbnails;
  const byPhoto = new Map<string, string[]>();
  if (!bucket) return byPhoto;
  const s3 = new S3Client({
    ...emulatorAdmin(stack.motoEndpoint, stack.config.region),
    forcePathStyle: true,
  });
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      const parts = (object.Key ?? "").split("/");
      const photoId = parts.length >= 3 ? parts[parts.length - 2] : undefined;
      if (!photoId || !object.Key) continue;
      byPhoto.set(photoId, [...(byPhoto.get(photoId) ?? []), object.Key]);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  s3.destroy();
  return byPhoto;
};
