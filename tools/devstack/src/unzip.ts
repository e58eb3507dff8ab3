import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { buffer } from "node:stream/consumers";
import yauzl from "yauzl";

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Unix mode from the external attributes, when the zip was made on Unix (0 otherwise). */
  mode: number;
}

/**
 * Every entry of a zip with its bytes and Unix mode, read with yauzl (the same reader the
 * build's tests use), as Lambda unpacks a deployment package. yauzl refuses entry names that
 * are absolute or climb out with `..`.
 */
export const readZip = async (zip: Buffer): Promise<ZipEntry[]> => {
  const archive = await new Promise<yauzl.ZipFile>((done, fail) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => (error ? fail(error) : done(file))),
  );
  const entries: ZipEntry[] = [];
  return new Promise((done, fail) => {
    archive.on("error", fail);
    archive.on("end", () => done(entries));
    archive.on("entry", (entry: yauzl.Entry) => {
      const madeOnUnix = entry.versionMadeBy >> 8 === 3;
      const mode = madeOnUnix ? entry.externalFileAttributes >>> 16 : 0;
      if (entry.fileName.endsWith("/")) {
        entries.push({ name: entry.fileName, data: Buffer.alloc(0), mode });
        archive.readEntry();
        return;
      }
      archive.openReadStream(entry, (error, stream) => {
        if (error) return fail(error);
        buffer(stream).then((data) => {
          entries.push({ name: entry.fileName, data, mode });
          archive.readEntry();
        }, fail);
      });
    });
    archive.readEntry();
  });
};

/** Unpacks `zip` into `target` (emptied first), symlinks included; refuses entries that would escape it. */
export const extractZip = async (zip: Buffer, target: string): Promise<number> => {
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  const root = resolve(target);
  let files = 0;
  for (const entry of await readZip(zip)) {
    const path = resolve(join(root, entry.name));
    if (path !== root && !path.startsWith(root + sep))
      throw new Error(`zip entry ${entry.name} escapes the target folder`);
    if (entry.name.endsWith("/")) {
      await mkdir(path, { recursive: true });
      continue;
    }
    await mkdir(dirname(path), { recursive: true });
    if ((entry.mode & 0o170000) === 0o120000) await symlink(entry.data.toString("utf8"), path);
    else await writeFile(path, entry.data, { mode: entry.mode & 0o777 || 0o644 });
    files++;
  }
  return files;
};
