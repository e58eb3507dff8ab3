import type { ArchiveView, PhotoView } from "@shoebox/schemas";
import type { DemoResult } from "./types.ts";

/**
 * The rows of a zip once its archive outcome is final: the zip's own (PROCESSED when fanned
 * out, FAILED with the reason when refused whole) and one per entry, `<zip>/<entry>`: each
 * listed refusal FAILED with its code and reason, then each accepted image, in the archive's
 * order, as the photo it became (LOST until polled to its final state). Skipped entries
 * (folders, macOS metadata) get none.
 *
 * @example
 * const { zip, entries } = archiveRows("receipts.zip", view.archive, photosOfTheBatch);
 */
export const archiveRows = (
  zipName: string,
  archive: ArchiveView,
  photos: readonly Pick<PhotoView, "photoId" | "originalName">[],
): { zip: Pick<DemoResult, "status" | "reason" | "archive">; entries: DemoResult[] } => {
  if (archive.status === "FAILED") {
    return {
      zip: { status: "FAILED", reason: `archive refused: ${archive.failureReason ?? "no reason given"}` },
      entries: [],
    };
  }
  const unlisted = archive.refusedCount - archive.refused.length;
  return {
    zip: {
      status: "PROCESSED",
      ...(unlisted > 0 ? { reason: `${unlisted} more refused entries are counted but not listed` } : {}),
      archive: {
        entries: archive.entries,
        accepted: archive.accepted,
        skipped: archive.skipped,
        refusedCount: archive.refusedCount,
      },
    },
    entries: [
      ...archive.refused.map(
        (refusal): DemoResult => ({
          name: `${zipName}/${refusal.name}`,
          kind: "receipt",
          status: "FAILED",
          reason: `${refusal.code}: ${refusal.reason}`,
          thumbnails: [],
        }),
      ),
      // The photo ids of an archive's entries sort in the archive's order (they hold the index).
      ...[...photos]
        .sort((a, b) => (a.photoId < b.photoId ? -1 : 1))
        .map(
          (photo): DemoResult => ({
            name: `${zipName}/${photo.originalName ?? photo.photoId}`,
            kind: "receipt",
            status: "LOST",
            photoId: photo.photoId,
            thumbnails: [],
          }),
        ),
    ],
  };
};
