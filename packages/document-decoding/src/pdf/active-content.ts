import {
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFRef,
  PDFStream,
  PDFString,
} from "pdf-lib";

/*
 * What makes a PDF more than a page to look at: scripts, actions that run by themselves,
 * programs to launch, files riding along. A receipt needs none of it, and whatever opens the
 * original later (a person's viewer, an accountant's) should not meet it, so such a PDF is
 * refused whole rather than cleaned.
 */

/** Keys whose mere presence makes a PDF active, and what to tell the uploader. */
const ACTIVE_KEYS: Record<string, string> = {
  JS: "runs JavaScript",
  JavaScript: "runs JavaScript",
  AA: "runs actions by itself when it is opened, closed, viewed or filled in",
  XFA: "is an XFA form, which can carry scripts",
};

/** Action types (`/S`) that are refused, wherever the action sits (/OpenAction, a link, a bookmark). */
const ACTIVE_ACTIONS: Record<string, string> = {
  JavaScript: "runs JavaScript",
  Launch: "launches a program or opens a file outside the PDF",
};

/** Attachments that may ride along: the XML of an e-invoice (Factur-X, ZUGFeRD, XRechnung), nothing else. */
const ATTACHABLE_NAME = /\.xml$/i;
const ATTACHABLE_TYPES = new Set(["text/xml", "application/xml"]);

/** Nesting deeper than this is no document anyone wrote by hand or by printer driver. */
const MAX_DEPTH = 64;

/**
 * A name as the file spells it, escapes undone. pdf-lib decodes `#41` but not `#6a`: an
 * escaped name (`/J#61vaScript`) is how a PDF hides from naive scanners, so both are decoded.
 */
const nameText = (name: PDFName): string =>
  name
    .decodeText()
    .replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

const text = (value: PDFObject | undefined): string | undefined => {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  if (value instanceof PDFName) return nameText(value);
  return undefined;
};

/** Why an attached file (a file specification with /EF) is not allowed, if it is not. */
const attachmentReason = (document: PDFDocument, entries: Map<string, PDFObject>): string | undefined => {
  const name = text(entries.get("UF")) ?? text(entries.get("F")) ?? "a file without a name";
  const embedded = document.context.lookup(entries.get("EF"));
  const stream =
    embedded instanceof PDFDict ? document.context.lookup(embedded.get(PDFName.of("F"))) : undefined;
  const subtype = stream instanceof PDFStream ? stream.dict.get(PDFName.of("Subtype")) : undefined;
  const mimeType = subtype instanceof PDFName ? nameText(subtype) : undefined;
  if (ATTACHABLE_NAME.test(name) && (mimeType === undefined || ATTACHABLE_TYPES.has(mimeType)))
    return undefined;
  return `carries an attached file (${name.slice(0, 80)}); only an e-invoice's XML may be attached`;
};

const entriesOf = (dict: PDFDict): Map<string, PDFObject> => {
  const entries = new Map<string, PDFObject>();
  for (const [key, value] of dict.entries()) entries.set(nameText(key), value);
  return entries;
};

const dictReason = (document: PDFDocument, dict: PDFDict): string | undefined => {
  const entries = entriesOf(dict);
  for (const key of entries.keys()) {
    const reason = ACTIVE_KEYS[key];
    if (reason) return reason;
  }
  const action = text(entries.get("S"));
  if (action && ACTIVE_ACTIONS[action]) return ACTIVE_ACTIONS[action];
  if (entries.has("EF")) return attachmentReason(document, entries);
  return undefined;
};

/** The first reason found in an object and everything written inside it (references are not followed). */
const reasonIn = (document: PDFDocument, object: PDFObject, depth = 0): string | undefined => {
  if (depth > MAX_DEPTH || object instanceof PDFRef) return undefined;
  const dict = object instanceof PDFStream ? object.dict : object;
  if (dict instanceof PDFDict) {
    const reason = dictReason(document, dict);
    if (reason) return reason;
    for (const [, value] of dict.entries()) {
      const inner = reasonIn(document, value, depth + 1);
      if (inner) return inner;
    }
  } else if (dict instanceof PDFArray) {
    for (const value of dict.asArray()) {
      const inner = reasonIn(document, value, depth + 1);
      if (inner) return inner;
    }
  }
  return undefined;
};

/**
 * Why a PDF is active content, or undefined when it is not: every object of the file is looked
 * at, those packed in compressed object streams included (pdf-lib unpacks them), so a script
 * cannot hide where a scan of the raw bytes would miss it.
 *
 * @example
 * activeContentReason(await PDFDocument.load(bytes)); // "runs JavaScript"
 */
export const activeContentReason = (document: PDFDocument): string | undefined => {
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    const reason = reasonIn(document, object);
    if (reason) return reason;
  }
  return undefined;
};
