import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { type PhotoItem, type PhotoView, PhotoViewSchema } from "@shoebox/schemas";

export interface ThumbnailLinks {
  s3: S3Client;
  bucket: string;
  expiresInSeconds: number;
}

/** A stored item as the API shows it: no storage keys, thumbnails as presigned GET URLs. */
export const toPhotoView = async (item: PhotoItem, links: ThumbnailLinks): Promise<PhotoView> => {
  const { ownerId: _owner, uploadKey: _key, thumbnails = {}, ...visible } = item;
  const urls = await Promise.all(
    Object.entries(thumbnails).map(async ([size, key]) => [
      size,
      await getSignedUrl(links.s3, new GetObjectCommand({ Bucket: links.bucket, Key: key }), {
        expiresIn: links.expiresInSeconds,
      }),
    ]),
  );
  return PhotoViewSchema.parse({ ...visible, thumbnails: Object.fromEntries(urls) });
};
