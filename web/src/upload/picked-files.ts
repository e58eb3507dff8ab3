/*
 * The files of whatever a person picks or drops: files, whole folders (their subfolders too), or
 * a mix. What a file manager keeps beside the files (`.DS_Store`, `.git/`, `._photo.jpg`) is left
 * out rather than refused one by one: nobody meant to upload it.
 */

/** Any part of the path hidden (starting with a dot). */
export const isHiddenPath = (path: string): boolean => path.split("/").some((part) => part.startsWith("."));

/** A folder picked with `webkitdirectory` arrives as its files, each with its path inside. */
export const pickedFiles = (files: Iterable<File>): File[] =>
  [...files].filter((file) => !isHiddenPath(file.webkitRelativePath || file.name));

/** A directory reader answers in chunks (Chrome: 100 entries), until an empty one. */
const allEntries = async (reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> => {
  const entries: FileSystemEntry[] = [];
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (chunk.length === 0) return entries;
    entries.push(...chunk);
  }
};

const filesUnder = async (entry: FileSystemEntry): Promise<File[]> => {
  if (entry.name.startsWith(".")) return [];
  if (entry.isFile)
    return [
      await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)),
    ];
  if (!entry.isDirectory) return [];
  const children = await allEntries((entry as FileSystemDirectoryEntry).createReader());
  return (await Promise.all(children.map(filesUnder))).flat();
};

/**
 * The files of a drop, folders walked. Call it during the drop event: the browser empties the
 * DataTransfer when the event ends, so the entries are taken before the first await.
 */
export const droppedFiles = (transfer: DataTransfer): Promise<File[]> => {
  const entries = [...transfer.items]
    .filter((item) => item.kind === "file")
    .map((item) => item.webkitGetAsEntry?.());
  // Without entries (an old browser) the plain list still has the files, though not a folder's.
  if (entries.length === 0 || entries.some((entry) => !entry))
    return Promise.resolve(pickedFiles(transfer.files));
  return Promise.all((entries as FileSystemEntry[]).map(filesUnder)).then((files) => files.flat());
};
