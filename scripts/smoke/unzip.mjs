import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import yauzl from "yauzl";

const openZip = promisify(yauzl.open);
const symlinkType = 0o120000;
const typeMask = 0o170000;

/**
 * Extracts a Lambda zip into `targetDir` the way Lambda does, with the modes it records, and
 * refuses what Lambda would get wrong: symlinks and paths escaping the folder.
 * Returns the entries as { name, mode, size }.
 *
 * @example
 * await extractZip("dist/thumbnail.zip", "/tmp/shoebox-smoke-x/task")
 */
export const extractZip = async (zipPath, targetDir) => {
  const zip = await openZip(zipPath, { lazyEntries: true, autoClose: true });
  const openReadStream = promisify(zip.openReadStream.bind(zip));
  const entries = [];
  await new Promise((resolve, reject) => {
    const fail = (error) => {
      zip.close();
      reject(error);
    };
    zip.on("error", reject);
    zip.on("end", resolve);
    zip.on("entry", async (entry) => {
      try {
        const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
        if ((mode & typeMask) === symlinkType) throw new Error(`${entry.fileName} is a symlink`);
        const destination = path.resolve(targetDir, entry.fileName);
        if (!destination.startsWith(`${path.resolve(targetDir)}${path.sep}`)) {
          throw new Error(`${entry.fileName} points outside the folder`);
        }
        if (entry.fileName.endsWith("/")) {
          await mkdir(destination, { recursive: true, mode: 0o755 });
        } else {
          await mkdir(path.dirname(destination), { recursive: true });
          const permissions = mode & 0o777 || 0o644;
          await pipeline(await openReadStream(entry), createWriteStream(destination, { mode: permissions }));
        }
        entries.push({ name: entry.fileName, mode, size: entry.uncompressedSize });
        zip.readEntry();
      } catch (error) {
        fail(error);
      }
    });
    zip.readEntry();
  });
  return entries;
};
