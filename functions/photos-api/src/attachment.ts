/*
 * The file name is the uploader's own, so it may hold anything: quotes, a path, control
 * characters, any script. RFC 6266 gives browsers two forms: `filename*` (RFC 8187, UTF-8,
 * percent-encoded), which every current browser prefers, and a plain `filename` for the rest,
 * which must be a quoted string of printable ASCII.
 */

/** Printable ASCII without the quote and backslash (which would end or escape the quoted string) and without path separators. */
const UNSAFE_IN_QUOTED_NAME = /[^\x20-\x7e]|["\\/]/g;

/** encodeURIComponent leaves these as they are, but RFC 8187's attr-char does not allow them. */
const NOT_ATTR_CHARS = /['()*]/g;

/** A path separator is never part of a saved file's name. */
const baseName = (name: string): string => name.split(/[/\\]/).pop() || name;

/**
 * A `Content-Disposition` that saves the response as a file named `filename`.
 *
 * @example
 * attachmentDisposition("Café receipt.jpg");
 * // attachment; filename="Caf_ receipt.jpg"; filename*=UTF-8''Caf%C3%A9%20receipt.jpg
 */
export const attachmentDisposition = (filename: string): string => {
  const name = baseName(filename);
  const fallback = name.replace(UNSAFE_IN_QUOTED_NAME, "_");
  const encoded = encodeURIComponent(name).replace(
    NOT_ATTR_CHARS,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
};
