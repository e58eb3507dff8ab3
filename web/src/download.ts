/**
 * Saves a file the app fetched itself (with the bearer token, which a plain link cannot send)
 * through the browser's own download, as a click on a link to it would.
 */
export const saveFile = (blob: Blob, filename: string): void => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; revoking it at once can cancel it in Firefox.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};

const EXTENDED_NAME = /(?:^|;)\s*filename\*\s*=\s*UTF-8''([^;\s]+)/i;
const QUOTED_NAME = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i;
const TOKEN_NAME = /(?:^|;)\s*filename\s*=\s*([^";\s]+)/i;

const decoded = (encoded: string): string | undefined => {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
};

/**
 * The file name a response's `Content-Disposition` gives, or undefined without one: `filename*`
 * (UTF-8, RFC 6266) before the ASCII `filename`. Only the last path segment is kept: the name
 * comes from the server, and a download's name is no place for a folder.
 *
 * @example
 * attachmentFilename(`attachment; filename="Caf_.csv"; filename*=UTF-8''Caf%C3%A9.csv`); // "Café.csv"
 */
export const attachmentFilename = (contentDisposition: string | null): string | undefined => {
  if (!contentDisposition) return undefined;
  const extended = EXTENDED_NAME.exec(contentDisposition)?.[1];
  const quoted = QUOTED_NAME.exec(contentDisposition)?.[1]?.replace(/\\(.)/g, "$1");
  const name = (extended && decoded(extended)) ?? quoted ?? TOKEN_NAME.exec(contentDisposition)?.[1];
  return name?.split(/[/\\]/).pop()?.trim() || undefined;
};
