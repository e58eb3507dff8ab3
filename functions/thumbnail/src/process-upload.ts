import { correlationId, countMetric, logger, setCorrelationId } from "@shoebox/runtime";
import type { PhotoItem, UploadKind } from "@shoebox/schemas";
import { photoEventMessage, publishPhotoEvent } from "./announcements.ts";
import type { ThumbnailConfig } from "./config.ts";
import { ImageRejectedError } from "./errors.ts";
import { deleteOriginalVersion, readOriginal } from "./originals.ts";
import {
  isFinalPhoto,
  isOverwrite,
  markNotified,
  type NotifiedUpload,
  type PhotoOutcome,
  pinVersion,
  readPhoto,
  recordOutcome,
} from "./photo-store.ts";
import { storeThumbnails } from "./thumbnail-store.ts";
import { renderThumbnails } from "./thumbnails.ts";

/** The clock, passed in so tests can pin it. */
export type Clock = () => string;
const systemClock: Clock = () => new Date().toISOString();

export interface Delivery {
  /**
   * The uploads queue will not deliver this event again (its receive count reached the queue's
   * maxReceiveCount): the photo is recorded FAILED without another try, rather than left
   * PENDING behind a message in the DLQ. Every earlier delivery failed or was cut short.
   */
  isLast?: boolean;
  clock?: Clock;
}

/**
 * Reads, renders and stores; a refusal of the image itself becomes a FAILED outcome.
 * AWS trouble is not caught here: it is a TransientError and the record is retried.
 * The original's metadata names the upload's correlation id, which becomes the scope's.
 */
const decideOutcome = async (
  upload: NotifiedUpload,
  config: ThumbnailConfig,
  { isLast }: Delivery,
  kind: UploadKind,
): Promise<PhotoOutcome> => {
  if (isLast) {
    return {
      status: "FAILED",
      failureCode: "REPEATED_FAILURE",
      failureReason: `the photo could not be processed in ${config.maxReceives - 1} attempts; upload it again, and if it fails again, try another format`,
    };
  }
  try {
    const original = await readOriginal(config.uploadsBucket, upload, config.maxInputBytes);
    if (original.correlationId) setCorrelationId(original.correlationId);
    const { facts, thumbnails } = await renderThumbnails(original.bytes, {
      sizes: config.thumbnailSizes,
      maxInputPixels: config.maxInputPixels,
      maxDecodeBytes: config.maxDecodeBytes,
      kind,
    });
    const thumbnailKeys = await storeThumbnails(config.thumbnailsBucket, upload, thumbnails);
    return { status: "PROCESSED", image: facts, thumbnails: thumbnailKeys };
  } catch (error) {
    if (!(error instanceof ImageRejectedError)) throw error;
    // The reason is ours, written for the uploader; what the decoder said goes to the log only.
    const detail = error.cause instanceof Error ? error.cause.message : undefined;
    logger.warn("upload refused", { key: upload.key, failureCode: error.code, detail });
    return { status: "FAILED", failureCode: error.code, failureReason: error.message };
  }
};

/**
 * A second upload to a photo already decided (a presigned POST can be used until it expires):
 * its version is deleted, so the stored original stays the one that was decided on.
 */
const refuseOverwrite = async (photo: PhotoItem, upload: NotifiedUpload, config: ThumbnailConfig) => {
  if (!isOverwrite(photo, upload) || !upload.versionId) return;
  logger.warn("a second upload to a photo claimed by another version is refused; its version is deleted", {
    ownerId: upload.ownerId,
    photoId: upload.photoId,
    refusedVersionId: upload.versionId,
    keptVersionId: photo.originalVersionId,
  });
  await deleteOriginalVersion(config.uploadsBucket, upload.key, upload.versionId);
};

/** Publishes the outcome (receipts go on to the workflow through a subscription), then notes it on the photo and its batch. */
const announceOutcome = async (photo: PhotoItem, config: ThumbnailConfig, clock: Clock): Promise<void> => {
  await publishPhotoEvent(config.eventsTopicArn, photoEventMessage(photo));
  await markNotified(config, photo, clock());
};

/**
 * Turns one upload into thumbnails and a final status (PROCESSED or FAILED), and announces it.
 * Throws only when the record should be retried (TransientError): a bad image is an outcome.
 *
 * Why a notification is never lost, nor sent for a status that was not written:
 * 1. The status is written first, with a condition (PENDING or absent), so subscribers that
 *    read the item on a message always find the status the message announces, and of two
 *    concurrent deliveries exactly one wins the write.
 * 2. Only the winner publishes, then sets `notifiedAt`. Its record is acknowledged only after
 *    both: if the publish (or anything after the status write) fails, the record is retried.
 * 3. A retry or replay that finds a final status WITHOUT `notifiedAt` publishes again, the
 *    same message rebuilt from the item; WITH `notifiedAt` it does nothing at all.
 * So every final status is announced at least once; it is announced twice only if the process
 * dies between the publish and `notifiedAt`, and SNS delivery is at-least-once anyway.
 *
 * The original decided on is pinned by its S3 version, claimed on the PENDING item before any
 * rendering: an event for another version of the same key (the upload URL used again) deletes
 * that version instead of rendering or deciding again.
 * The upload's correlation id is the item's (uploads-api and archive-fanout write it on the
 * PENDING item) from the first read on, then the original's metadata's; the decision records
 * it on the item, and every log line and the announcement carry it. PhotosProcessed and
 * PhotosFailed count the decisions this function wrote, not the replays.
 * Publishing before the status write was rejected: a delivery that then loses the conditional
 * write would have announced an outcome that someone else recorded, and a crash in between
 * would announce a status that the table does not show.
 *
 * @example
 * await processUpload({ key, ownerId, photoId, versionId }, config);
 */
export const processUpload = async (
  upload: NotifiedUpload,
  config: ThumbnailConfig,
  delivery: Delivery = {},
): Promise<void> => {
  const clock = delivery.clock ?? systemClock;
  const photo = { ownerId: upload.ownerId, photoId: upload.photoId };
  const existing = await readPhoto(config.photosTable, upload);
  // Each upload of a notification is its own: an id of the one before must not carry over.
  setCorrelationId(existing?.correlationId);
  if (existing && isFinalPhoto(existing)) {
    await refuseOverwrite(existing, upload, config);
    if (existing.notifiedAt) {
      logger.info("photo already decided and announced; nothing to do", {
        ...photo,
        status: existing.status,
      });
      return;
    }
    logger.info("photo already decided but not announced; announcing it now", {
      ...photo,
      status: existing.status,
    });
    await announceOutcome(existing, config, clock);
    return;
  }

  // The item exists (the upload API wrote it): claim it for this version before rendering, so
  // a second upload to the same key, handled at the same moment, cannot write its thumbnails.
  const { versionId } = upload;
  if (existing && versionId && !(await pinVersion(config.photosTable, { ...upload, versionId }))) {
    const claimed = await readPhoto(config.photosTable, upload);
    if (claimed) await refuseOverwrite(claimed, upload, config);
    return;
  }

  // An upload without an item (none was written for it) is taken as a photo, as recordOutcome records it.
  const outcome = await decideOutcome(upload, config, delivery, existing?.kind ?? "photo");
  const recorded = await recordOutcome(config.photosTable, upload, outcome, clock(), correlationId());
  if (!recorded) {
    logger.info("another delivery decided first; it announces the outcome", photo);
    const decided = await readPhoto(config.photosTable, upload);
    if (decided) await refuseOverwrite(decided, upload, config);
    return;
  }
  countMetric(outcome.status === "PROCESSED" ? "PhotosProcessed" : "PhotosFailed");
  if (outcome.status === "FAILED") {
    logger.warn("photo FAILED", {
      ...photo,
      failureCode: outcome.failureCode,
      reason: outcome.failureReason,
    });
  } else {
    logger.info("thumbnails stored", { ...photo, image: outcome.image, thumbnails: outcome.thumbnails });
  }
  await announceOutcome(recorded, config, clock);
};
