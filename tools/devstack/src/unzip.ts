import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { inflateRawSync } from "node:zlib";

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Unix mode from the external attributes, when the zip was made on Unix (0 otherwise). */
  mode: number;
}

/**
 * Reads a zip (stored or deflated entries, no zip64) from its central directory, as Lambda
 * unpacks a deployment package: enough for the zips `make build` writes, no dependency.
 */
export const readZip = (zip: Buffer): ZipEntry[] => {
  let end = -1;
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset--) {
    if (zip.readUInt32LE(offset) === 0x06054b50) {
      end = offset;
      break;
    }
  }
  if (end === -1) throw new Error("not a zip file (no end of central directory record)");
  const count = zip.readUInt16LE(end + 10);
  let pointer = zip.readUInt32LE(end + 16);
  if (pointer === 0xffffffff) throw new Error("zip64 archives are not supported");
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(pointer) !== 0x02014b50) throw new Error("corrupt zip central directory");
    const method = zip.readUInt16LE(pointer + 10);
    const compressedSize = zip.readUInt32LE(pointer + 20);
    const nameLength = zip.readUInt16LE(pointer + 28);
    const extraLength = zip.readUInt16LE(pointer + 30);
    const commentLength = zip.readUInt16LE(pointer + 32);
    const madeBy = zip.readUInt16LE(pointer + 4) >> 8;
    const external = zip.readUInt32LE(pointer + 38);
    const localHeader = zip.readUInt32LE(pointer + 42);
    const name = zip.toString("utf8", pointer + 46, pointer + 46 + nameLength);
    pointer += 46 + nameLength + extraLength + commentLength;

    if (zip.readUInt32LE(localHeader) !== 0x04034b50) throw new Error(`corrupt zip local header for ${name}`);
    const dataStart =
      localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`zip entry ${name} uses unsupported compression method ${method}`);
    entries.push({ name, data, mode: madeBy === 3 ? external >>> 16 : 0 });
  }
  return entries;
};

/** Unpacks `zip` into `target` (emptied first); refuses entries that would escape it. */
export const extractZip = (zip: Buffer, target: string): number => {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const root = resolve(target);
  let files = 0;
  for (const entry of readZip(zip)) {
    const path = resolve(join(root, entry.name));
    if (path !== root && !path.startsWith(root + sep))
      throw new Error(`zip entry ${entry.name} escapes the target folder`);
    if (entry.name.endsWith("/")) {
      mkdirSync(path, { recursive: true });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    if ((entry.mode & 0o170000) === 0o120000) {
      symlinkSync(entry.data.toString("utf8"), path);
    } else {
      writeFileSync(path, entry.data, { mode: entry.mode & 0o777 || 0o644 });
    }
    files++;
  }
  return files;
};
