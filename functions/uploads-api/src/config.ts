import {
  loadConfig,
  positiveInt,
  requestLimitEnvironment,
  requiredString,
  uploadLimitsEnvironment,
} from "@shoebox/runtime";
import * as z from "zod";

export const config = loadConfig(
  z.object({
    UPLOADS_BUCKET: requiredString,
    PHOTOS_TABLE: requiredString,
    BATCHES_TABLE: requiredString,
    /** How long a presigned POST stays valid: short, the client uploads right away. */
    UPLOAD_URL_TTL_SECONDS: positiveInt(300),
    MAX_UPLOAD_BYTES: positiveInt(25 * 1024 * 1024),
    /** A zip of receipts is streamed by archive-fanout, never held whole: it may be large. */
    MAX_ARCHIVE_BYTES: positiveInt(1024 * 1024 * 1024),
    ...requestLimitEnvironment,
    ...uploadLimitsEnvironment,
  }),
);
