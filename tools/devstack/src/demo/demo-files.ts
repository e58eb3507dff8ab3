import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { ACCEPTED_TYPES, ARCHIVE_CONTENT_TYPE, type ReceiptHints } from "@shoebox/schemas";

export const CONTENT_TYPES: Record<string, string> = {
  ...Object.fromEntries(
    ACCEPTED_TYPES.flatMap(({ contentType, extensions }) =>
      extensions.map((extension) => [extension, contentType]),
    ),
  ),
  // Not a type we take: the demo uploads it as a client would, to show how it is refused.
  ".txt": "text/plain",
  ".zip": ARCHIVE_CONTENT_TYPE,
};

export const contentTypeOf = (file: string): string =>
  CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";

/** Files that document a folder of samples (licences, readmes) rather than being samples. */
const isDocumentation = (name: string): boolean =>
  /^(licen[cs]e|copying|readme|notice|attribution|credits)(\..*)?$/i.test(name) || /\.md$/i.test(name);

export interface DemoFile {
  name: string;
  path: string;
  contentType: string;
  size: number;
  /**
   * `receipt` when the folder's receipts.json names the file (uploaded with its hints), and for
   * a zip: the API takes archives of receipts only.
   */
  kind: "photo" | "receipt";
  receipt?: ReceiptHints;
}

/** A zip of receipts: sent in a request (and so a batch) of its own, and followed entry by entry. */
export const isArchive = (file: Pick<DemoFile, "contentType">): boolean =>
  file.contentType === ARCHIVE_CONTENT_TYPE;

/**
 * The file beside the images that makes some of them receipts: `{ "<file name>": { merchant?,
 * date?, total?, currency? } }`. A file it names is uploaded with `kind: "receipt"` and those
 * hints; `{}` sends none, and the workflow reads every field from the image (the samples do).
 */
export const RECEIPT_HINTS_FILE = "receipts.json";

const readReceiptHints = (folder: string): Record<string, ReceiptHints> => {
  const path = join(folder, RECEIPT_HINTS_FILE);
  if (!existsSync(path)) return {};
  let hints: unknown;
  try {
    hints = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`);
  }
  if (!hints || typeof hints !== "object" || Array.isArray(hints))
    throw new Error(`${path} must map file names to receipt hints ({ merchant, date, total, currency })`);
  for (const name of Object.keys(hints)) {
    if (!existsSync(join(folder, name))) throw new Error(`${path} names ${name}, which is not in ${folder}`);
  }
  return hints as Record<string, ReceiptHints>;
};

/** One file of a folder as the demo sends it: a zip and a file receipts.json names are receipts. */
const demoFile = (name: string, path: string, receipts: Record<string, ReceiptHints>): DemoFile => {
  const contentType = contentTypeOf(name);
  if (isArchive({ contentType }))
    return { name, path, contentType, size: statSync(path).size, kind: "receipt" };
  const receipt = Object.hasOwn(receipts, name) ? receipts[name] : undefined;
  return {
    name,
    path,
    contentType,
    size: statSync(path).size,
    kind: receipt ? "receipt" : "photo",
    ...(receipt ? { receipt } : {}),
  };
};

/**
 * Every regular file of the folders (not hidden, not a licence or readme, not receipts.json),
 * sorted by name; the ones receipts.json names are receipts, and so is every zip (its entries
 * get no hints).
 */
export const listDemoFiles = (folders: string[]): { files: DemoFile[]; skipped: string[] } => {
  const files: DemoFile[] = [];
  const skipped: string[] = [];
  for (const folder of folders) {
    const receipts = readReceiptHints(folder);
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (name.startsWith(".") || name === RECEIPT_HINTS_FILE || !statSync(path).isFile()) continue;
      if (isDocumentation(name)) skipped.push(path);
      else files.push(demoFile(name, path, receipts));
    }
  }
  return { files, skipped };
};
