import yauzl, { type ZipFile } from "yauzl";
import { ZIP_OPTIONS } from "../../src/zip-archive.ts";

/** Opens an in-memory zip the way the function opens one in S3 (same yauzl options). */
export const openZip = (zip: Buffer): Promise<ZipFile> => yauzl.fromBufferPromise(zip, ZIP_OPTIONS);
