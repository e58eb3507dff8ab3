import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import { compareStrings } from "./node-modules.mjs";

/*
 * Deterministic zips: the same inputs give the same bytes on any machine, in any time zone.
 * - entries sorted by path, with an entry for every folder;
 * - one fixed time, 1980-01-01 00:00, the earliest DOS time, built from local fields because
 *   DOS times are local; yazl's UTC "UT" extra field is turned off (forceDosTimestamp);
 * - modes 0644 for files, 0755 for folders and for the few files that must be executable;
 * - no owner ids, no comments; deflate level 9 from the same zlib gives the same bytes.
 */
const fixedTime = new Date(1980, 0, 1, 0, 0, 0);
const fileMode = 0o100644;
const executableMode = 0o100755;
const folderMode = 0o040755;

/**
 * Writes `entries` ({ path, data } or { path, source }, plus optional `executable`) to
 * `zipPath` and returns its size and hashes. The zip is written beside and renamed into place.
 *
 * @example
 * await writeDeterministicZip("dist/thumbnail.zip", [{ path: "index.mjs", data: bundle }])
 */
export const writeDeterministicZip = async (zipPath, entries) => {
  const zip = new yazl.ZipFile();
  const options = { mtime: fixedTime, forceDosTimestamp: true };
  const sorted = [...entries].sort((a, b) => compareStrings(a.path, b.path));
  const folders = new Set();
  for (const entry of sorted) {
    const parts = entry.path.split("/");
    for (let end = 1; end < parts.length; end++) folders.add(`${parts.slice(0, end).join("/")}/`);
  }
  const names = [
    ...[...folders].map((folder) => ({ path: folder, folder: true })),
    ...sorted.map((entry) => ({ ...entry, folder: false })),
  ].sort((a, b) => compareStrings(a.path, b.path));

  const hash = createHash("sha256");
  let bytes = 0;
  const temporaryPath = `${zipPath}.tmp`;
  const written = pipeline(
    zip.outputStream,
    async function* (chunks) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(temporaryPath),
  );
  try {
    for (const entry of names) {
      if (entry.folder) {
        zip.addEmptyDirectory(entry.path, { ...options, mode: folderMode });
      } else {
        const data = entry.data ?? (await readFile(entry.source));
        zip.addBuffer(Buffer.from(data), entry.path, {
          ...options,
          mode: entry.executable ? executableMode : fileMode,
          compressionLevel: 9,
        });
      }
    }
    zip.end();
    await written;
    await rename(temporaryPath, zipPath);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
  const digest = hash.digest();
  return {
    bytes,
    sha256Base64: digest.toString("base64"),
    sha256Hex: digest.toString("hex"),
    entries: names.length,
  };
};
