import { describe, expect, it } from "vitest";
import { droppedFiles, isHiddenPath, pickedFiles } from "../../src/upload/picked-files.ts";

/*
 * The browser's FileSystemEntry API, as far as the walk uses it: files, and directories whose
 * reader answers in chunks (Chrome gives 100 entries a call) until an empty one.
 */
const CHUNK = 100;

const fileEntry = (name: string) =>
  ({
    name,
    isFile: true,
    isDirectory: false,
    file: (resolve: (file: File) => void) => resolve(new File(["x"], name)),
  }) as unknown as FileSystemEntry;

const directoryEntry = (name: string, children: FileSystemEntry[]) =>
  ({
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (resolve: (entries: FileSystemEntry[]) => void) => {
          resolve(children.slice(at, at + CHUNK));
          at += CHUNK;
        },
      };
    },
  }) as unknown as FileSystemEntry;

const drop = (entries: FileSystemEntry[]) =>
  ({
    items: entries.map((entry) => ({ kind: "file", webkitGetAsEntry: () => entry })),
    files: [],
  }) as unknown as DataTransfer;

describe("droppedFiles", () => {
  it("walks dropped folders and their subfolders, past the reader's first chunk, leaving hidden files out", async () => {
    const many = Array.from({ length: 150 }, (_, index) => fileEntry(`scan-${index}.jpg`));
    const transfer = drop([
      fileEntry("loose.jpg"),
      directoryEntry("2025", [
        ...many,
        fileEntry(".DS_Store"),
        directoryEntry(".git", [fileEntry("config")]),
        directoryEntry("march", [fileEntry("receipt.pdf"), fileEntry("receipts.zip")]),
      ]),
    ]);

    const names = (await droppedFiles(transfer)).map((file) => file.name);

    expect(names).toHaveLength(1 + 150 + 2);
    expect(names.slice(0, 2)).toEqual(["loose.jpg", "scan-0.jpg"]);
    expect(names.slice(-2)).toEqual(["receipt.pdf", "receipts.zip"]);
    expect(names.some((name) => name.startsWith(".") || name === "config")).toBe(false);
  });

  it("takes the plain file list where the browser gives no entries", async () => {
    const files = [new File(["x"], "a.jpg")];
    const transfer = {
      items: [{ kind: "file", webkitGetAsEntry: () => null }],
      files,
    } as unknown as DataTransfer;

    expect(await droppedFiles(transfer)).toEqual(files);
  });
});

describe("pickedFiles", () => {
  it("leaves out what a picked folder hides", () => {
    const inFolder = (path: string) => {
      const file = new File(["x"], path.split("/").at(-1) as string);
      Object.defineProperty(file, "webkitRelativePath", { value: path });
      return file;
    };
    const picked = pickedFiles([
      inFolder("trip/a.jpg"),
      inFolder("trip/.thumbs/a.jpg"),
      inFolder("trip/._b.jpg"),
    ]);

    expect(picked.map((file) => file.webkitRelativePath)).toEqual(["trip/a.jpg"]);
    expect(isHiddenPath("a/b/c.jpg")).toBe(false);
  });
});
