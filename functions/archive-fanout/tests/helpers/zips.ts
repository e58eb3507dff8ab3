import { createCipheriv, createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { crc32, deflateRawSync } from "node:zlib";
import yazl from "yazl";

/*
 * Zips written in code, well-formed or hostile, around committed fixture photos: nothing
 * here imports the function, so the local stack's end-to-end test builds its zips with it too.
 */

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
  /** Central directory only: where the entry says its local header is. */
  localHeaderOffset?: number;
  /** Central directory only: how many bytes of data the entry claims. */
  compressedSize?: number;
  /** Local header only: an extra field this long, which moves where its data starts. */
  localExtraLength?: number;
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
      if (patch.compressedSize !== undefined) patched.writeUInt32LE(patch.compressedSize, offset + 20);
      if (patch.localHeaderOffset !== undefined) patched.writeUInt32LE(patch.localHeaderOffset, offset + 42);
      if (patch.localExtraLength !== undefined) patched.writeUInt16LE(patch.localExtraLength, local + 28);
      return patched;
    }
    offset += recordLength;
  }
  throw new Error(`no entry named ${name}`);
};

/**
 * `size` bytes that start like a JPEG (they pass the magic-byte check) and go on as noise that
 * does not compress, the same for the same seed.
 */
export const fakeJpeg = (size: number, seed = 0): Buffer => {
  const key = createHash("sha256").update(`fake jpeg ${seed}`).digest().subarray(0, 16);
  const bytes = createCipheriv("aes-128-ctr", key, Buffer.alloc(16)).update(Buffer.alloc(size));
  photo("coffee").copy(bytes, 0, 0, Math.min(64, size));
  return bytes;
};

const LOCAL_HEADER = 0x04034b50;
const DEFLATE = 8;

/**
 * The overlapping-entries zip bomb (Fifield 2019, "A better zip bomb", in its plainest form):
 * one local header and one deflate stream of `content`, and `entries` central directory records
 * that all point at it, each under a name of its own. Every entry looks small and honest; read
 * one by one they fetch and inflate the same bytes `entries` times.
 *
 * @example
 * const zip = sharedStreamZip(100, fakeJpeg(300 * 1024)); // about 300 KB that reads as 30 MB
 */
export const sharedStreamZip = (entries: number, content: Buffer): Buffer => {
  const data = deflateRawSync(content);
  const crc = crc32(content);
  const nameOf = (index: number) => Buffer.from(`r${String(index).padStart(4, "0")}.jpg`);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(LOCAL_HEADER, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0
  local.writeUInt16LE(DEFLATE, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameOf(0).length, 26);
  const body = Buffer.concat([local, nameOf(0), data]);

  const records = Array.from({ length: entries }, (_, index) => {
    const record = Buffer.alloc(46);
    record.writeUInt32LE(CENTRAL_HEADER, 0);
    record.writeUInt16LE(20, 4); // made by
    record.writeUInt16LE(20, 6); // needed
    record.writeUInt16LE(DEFLATE, 10);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(data.length, 20);
    record.writeUInt32LE(content.length, 24);
    record.writeUInt16LE(nameOf(index).length, 28);
    record.writeUInt32LE(0, 42); // every entry's local header: the one at the start
    return Buffer.concat([record, nameOf(index)]);
  });
  const directory = Buffer.concat(records);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries, 8);
  end.writeUInt16LE(entries, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(body.length, 16);
  return Buffer.concat([body, directory, end]);
};
