import exifReader from "exif-reader";

const OffsetPattern = /^([+-])(\d{2}):(\d{2})$/;
// Cameras write "0000:00:00 00:00:00" (or garbage) when their clock was never set.
const EARLIEST_PLAUSIBLE = Date.UTC(1900, 0, 1);
const LATEST_PLAUSIBLE = Date.UTC(2100, 0, 1);

const offsetMinutes = (offset: unknown): number => {
  const [, sign, hours, minutes] = typeof offset === "string" ? (OffsetPattern.exec(offset) ?? []) : [];
  if (!sign || !hours || !minutes) return 0;
  return (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
};

/**
 * When the photo was taken, from EXIF DateTimeOriginal, as an ISO timestamp in UTC.
 *
 * EXIF stores the camera's wall-clock time without a zone. With OffsetTimeOriginal (EXIF 2.31,
 * written by current phones) the result is the true instant; without it the wall-clock time
 * is labelled UTC, which keeps the date a person expects to see. A missing, implausible or
 * unreadable EXIF block gives `undefined`: a broken tag must never fail a photo.
 *
 * @example
 * capturedAtFromExif((await sharp(bytes).metadata()).exif); // "2021-03-04T03:06:07.000Z"
 */
export const capturedAtFromExif = (exif: Buffer | undefined): string | undefined => {
  if (!exif) return undefined;
  try {
    const tags = exifReader(exif);
    const wallClock = tags.Photo?.DateTimeOriginal;
    if (!(wallClock instanceof Date) || Number.isNaN(wallClock.getTime())) return undefined;
    const instant = wallClock.getTime() - offsetMinutes(tags.Photo?.OffsetTimeOriginal) * 60_000;
    if (instant < EARLIEST_PLAUSIBLE || instant >= LATEST_PLAUSIBLE) return undefined;
    return new Date(instant).toISOString();
  } catch {
    return undefined;
  }
};
