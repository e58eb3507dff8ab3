import { loadConfig, positiveInt, requestLimitEnvironment, requiredString } from "@shoebox/runtime";
import * as z from "zod";

export const config = loadConfig(
  z.object({
    PHOTOS_TABLE: requiredString,
    BATCHES_TABLE: requiredString,
    THUMBNAILS_BUCKET: requiredString,
    /** Thumbnail links are short-lived: a leaked one stops working soon. */
    DOWNLOAD_URL_TTL_SECONDS: positiveInt(300),
    ...requestLimitEnvironment,
  }),
);
