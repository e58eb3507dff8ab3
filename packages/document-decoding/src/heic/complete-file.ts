/**
 * Whether an ISO-BMFF file (HEIF) has every byte its top-level boxes declare. libheif decodes
 * a grid image whose last tiles were cut off (an interrupted upload) and fills them in, without
 * an error: the boxes' sizes are how a truncated file is told apart. A box of size 0 runs to
 * the end of the file, as the last one may; size 1 means a 64-bit size follows.
 *
 * @example
 * isCompleteFile(bytes.subarray(0, bytes.length / 2)); // false: the mdat box runs past the end
 */
export const isCompleteFile = (bytes: Uint8Array): boolean => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 8 > bytes.length) return false;
    let size = view.getUint32(offset);
    if (size === 0) return true;
    if (size === 1) {
      if (offset + 16 > bytes.length) return false;
      size = Number(view.getBigUint64(offset + 8));
    }
    if (size < 8 || offset + size > bytes.length) return false;
    offset += size;
  }
  return true;
};
