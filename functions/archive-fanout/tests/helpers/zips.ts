import { readFileSync } from "node:fs";
import yauzl, { type ZipFile } from "yauzl";
import yazl from "yazl";
import { ZIP_OPTIONS } from "../../src/zip-archive.ts";

const photosDirectory = new URL("../../../thumbnail/tests/fixtures/photos/", import.meta.url);

/** One of the thumbnail function's committed real photos (see its tests/fixtures/photos/README.md). */
export const photo = (name: "astronaut" | "chelsea" | "coffee"): Buffer =>
  readFileSync(new URL(`${name}.jpg`, photosDirectory));

export const MiB = 1024 * 1024;

export interface ZipFileSpec {
  name: string;
  bytes?: Buffer;
  /** Deflate (default) or store. */
  compress?: boolean;
  /** Unix mode with file type, e.g. 0o120777 for a symlink. */
  mode?: number;
  directory?: boolean;
}

const MTIME = new Date("2025-11-24T10:00:00Z");

/** Streams yazl's output into one buffer. */
const collect = (zip: yazl.ZipFile): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.end();
  });

/**
 * A zip archive as an archiver writes it. yazl refuses unsafe names: write a placeholder of the
 * same length and `patchEntry` it afterwards.
 *
 * @example
 * const zip = await buildZip([{ name: "a.jpg", bytes: photo("coffee") }, { name: "docs", directory: true }]);
 */
export const buildZip = (files: readonly ZipFileSpec[]): Promise<Buffer> => {
  const zip = new yazl.ZipFile();
  for (const file of files) {
    if (file.directory) zip.addEmptyDirectory(file.name, { mtime: MTIME });
    else
      zip.addBuffer(file.bytes ?? Buffer.alloc(0), file.name, {
        mtime: MTIME,
        compress: file.compress ?? true,
        ...(file.mode === undefined ? {} : { mode: file.mode }),
      });
  }
  return collect(zip);
};

export interface EntryPatch {
  /** A new name of the same byte length (zip offsets stay valid). */
  rename?: string;
  /** OR-ed into the general purpose flags (0x1: encrypted). */
  setFlags?: number;
  compressionMethod?: number;
  /** What the headers declare; the data stays as it is. */
  uncompressedSize?: number;
}

const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/**
 * Rewrites one entry's central directory record and local header in place: what a hostile or
 * broken archiver could write, which no well-behaved writer (yazl included) will.
 */
export const patchEntry = (zip: Buffer, name: string, patch: EntryPatch): Buffer => {
  const patched = Buffer.from(zip);
  const eocd = patched.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || patched.readUInt32LE(eocd) !== END_OF_CENTRAL_DIRECTORY)
    throw new Error("no end of central directory");
  const count = patched.readUInt16LE(eocd + 10);
  let offset = patched.readUInt32LE(eocd + 16);
  for (let entry = 0; entry < count; entry++) {
    if (patched.readUInt32LE(offset) !== CENTRAL_HEADER) throw new Error(`no central header at ${offset}`);
    const nameLength = patched.readUInt16LE(offset + 28);
    const recordLength =
      46 + nameLength + patched.readUInt16LE(offset + 30) + patched.readUInt16LE(offset + 32);
    if (patched.toString("utf8", offset + 46, offset + 46 + nameLength) === name) {
      const local = patched.readUInt32LE(offset + 42);
      if (patch.rename !== undefined) {
        const renamed = Buffer.from(patch.rename, "utf8");
        if (renamed.length !== nameLength) throw new Error("a new name must have the same byte length");
        renamed.copy(patched, offset + 46);
        renamed.copy(patched, local + 30);
      }
      if (patch.setFlags !== undefined) {
        patched.writeUInt16LE(patched.readUInt16LE(offset + 8) | patch.setFlags, offset + 8);
        patched.writeUInt16LE(patched.readUInt16LE(local + 6) | patch.setFlags, local + 6);
      }
      if (patch.compressionMethod !== undefined) {
        patched.writeUInt16LE(patch.compressionMethod, offset + 10);
        patched.writeUInt16LE(patch.compressionMethod, local + 8);
      }
      if (patch.uncompressedSize !== undefined) patched.writeUInt32LE(patch.uncompressedSize, offset + 24);
      return patched;
    }
    offset += recordLength;
  }
  throw new Error(`no entry named ${name}`);
};

/** Opens an in-memory zip the way the function opens one in S3 (same yauzl options). */
export const openZip = (zip: Buffer): Promise<ZipFile> => yauzl.fromBufferPromise(zip, ZIP_OPTIONS);
