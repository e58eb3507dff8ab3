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
