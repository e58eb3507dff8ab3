import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import {
  type PhotoDetail,
  PhotoDetailSchema,
  type PhotoItem,
  type PhotoView,
  PhotoViewSchema,
  type ThumbnailSize,
} from "@shoebox/schemas";
import { attachmentDisposition } from "./attachment.ts";
import { thumbnailPixelSize } from "./thumbnail-sizes.ts";

/** What the views need to presign: the client, the buckets, the links' lifetime and the rendered sizes. */
export interface PhotoLinks {
  s3: S3Client;
  uploadsBucket: string;
  thumbnailsBucket: string;
  expiresInSeconds: number;
  thumbnailSizes: readonly ThumbnailSize[];
}

/**
 * Each thumbnail as a presigned GET URL with its size in pixels. A thumbnail whose size the
 * configuration no longer names, or one of a photo without image facts, cannot be sized: it is
 * left out rather than shown without the size the contract promises.
 */
const thumbnailViews = async (item: PhotoItem, links: PhotoLinks): Promise<PhotoView["thumbnails"]> => {
  const views = await Promise.all(
    Object.entries(item.thumbnails ?? {}).map(async ([name, key]) => {
      const size = links.thumbnailSizes.find((candidate) => candidate.name === name);
      if (!size || !item.image) return undefined;
      const url = await getSignedUrl(
        links.s3,
        new GetObjectCommand({ Bucket: links.thumbnailsBucket, Key: key }),
        {
          expiresIn: links.expiresInSeconds,
        },
      );
      return [name, { url, ...thumbnailPixelSize(item.image, size.maxDimension) }] as const;
    }),
  );
  return Object.fromEntries(views.filter((view) => view !== undefined));
};

/** A stored item as the API shows it: no storage keys, thumbnails as presigned GET URLs with their sizes. */
export const toPhotoView = async (item: PhotoItem, links: PhotoLinks): Promise<PhotoView> => {
  const { ownerId: _owner, uploadKey: _key, thumbnails: _thumbnails, ...visible } = item;
  return PhotoViewSchema.parse({ ...visible, thumbnails: await thumbnailViews(item, links) });
};

/**
 * There is an original to download once the photo is decided, unless the decision was that it
 * never arrived. A PENDING photo may have none yet.
 */
const hasOriginal = (item: PhotoItem): boolean =>
  item.status !== "PENDING" && item.failureCode !== "OBJECT_MISSING";

/**
 * The original as a download: the version that was decided on (a later upload to the key is
 * refused and deleted, but could be current for a moment), saved under the name it was uploaded
 * with. S3 takes `response-content-disposition` only on a signed request, which this is.
 */
const originalDownloadUrl = (item: PhotoItem, links: PhotoLinks): Promise<string> =>
  getSignedUrl(
    links.s3,
    new GetObjectCommand({
      Bucket: links.uploadsBucket,
      Key: item.uploadKey,
      ...(item.originalVersionId ? { VersionId: item.originalVersionId } : {}),
      ResponseContentDisposition: attachmentDisposition(item.originalName ?? item.photoId),
    }),
    { expiresIn: links.expiresInSeconds },
  );

/** GET /photos/{id}: the view, with the original's download link when there is an original. */
export const toPhotoDetail = async (item: PhotoItem, links: PhotoLinks): Promise<PhotoDetail> => {
  const [view, originalUrl] = await Promise.all([
    toPhotoView(item, links),
    hasOriginal(item) ? originalDownloadUrl(item, links) : undefined,
  ]);
  return PhotoDetailSchema.parse({ ...view, ...(originalUrl ? { originalUrl } : {}) });
};
