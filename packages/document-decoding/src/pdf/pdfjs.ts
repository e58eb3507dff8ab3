/// <reference path="./pdfjs-worker.d.ts" />
import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { DocumentRefusedError } from "../errors.ts";

type Pdfjs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

let loaded: Promise<Pdfjs> | undefined;

/**
 * pdfjs' legacy (Node) build, loaded on first use: a cold start for a JPEG does not pay for it.
 * Its worker's message handler is loaded first, into this thread: pdfjs then runs its parser
 * here ("fake worker") instead of starting a Worker thread, which would need a worker file on
 * disk, and esbuild bundles both into the Lambda's one file.
 */
export const pdfjs = (): Promise<Pdfjs> => {
  loaded ??= (async () => {
    await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    return import("pdfjs-dist/legacy/build/pdf.mjs");
  })();
  return loaded;
};

export interface OpenOptions {
  /** Images of more pixels than this are left out by pdfjs instead of decoded. */
  maxImagePixels?: number;
}

/** pdfjs' own failures that mean the file, not us, is broken. */
const BROKEN_FILE_ERRORS = new Set(["InvalidPDFException", "FormatError", "MissingPDFException"]);

/** pdfjs' failure as the refusal a person can act on, or as it was when the file is not to blame. */
export const refusalOfPdfjsError = (error: unknown): unknown => {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") {
    return new DocumentRefusedError("PDF_ENCRYPTED", "the PDF is encrypted: upload it without a password", {
      cause: error,
    });
  }
  if (BROKEN_FILE_ERRORS.has(name)) {
    return new DocumentRefusedError(
      "CORRUPT",
      "the PDF is damaged or incomplete and could not be read; upload the original file again",
      { cause: error },
    );
  }
  return error;
};

export interface OpenedPdf {
  document: PDFDocumentProxy;
  lib: Pdfjs;
  /** Frees pdfjs' memory for the document; always call it. */
  destroy: () => Promise<void>;
}

/**
 * Opens a PDF with pdfjs. Nothing is fetched or run: no network or file reads (no cMap, font,
 * wasm or ICC URLs, and `useWasm` off), no font loading into a page (`disableFontFace`, no
 * system fonts), no XFA, no OffscreenCanvas or ImageDecoder (images come back as plain pixels).
 * pdfjs 6 has no `eval` path any more (`isEvalSupported` went with it), and scripting is never
 * enabled. The caller's bytes are copied: pdfjs takes ownership of the buffer it is given.
 */
export const openPdfjsDocument = async (
  bytes: Uint8Array,
  { maxImagePixels }: OpenOptions,
): Promise<OpenedPdf> => {
  const lib = await pdfjs();
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    verbosity: lib.VerbosityLevel.ERRORS,
    useSystemFonts: false,
    disableFontFace: true,
    useWorkerFetch: false,
    useWasm: false,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
    ...(maxImagePixels ? { maxImageSize: maxImagePixels } : {}),
  });
  const destroy = () => task.destroy();
  try {
    return { document: await task.promise, lib, destroy };
  } catch (error) {
    await destroy();
    throw refusalOfPdfjsError(error);
  }
};

/** Opens a PDF with pdfjs (openPdfjsDocument), hands it to `use` and always destroys it. */
export const withPdfjsDocument = async <T>(
  bytes: Uint8Array,
  options: OpenOptions,
  use: (document: PDFDocumentProxy, lib: Pdfjs) => Promise<T>,
): Promise<T> => {
  const { document, lib, destroy } = await openPdfjsDocument(bytes, options);
  try {
    return await use(document, lib);
  } catch (error) {
    throw refusalOfPdfjsError(error);
  } finally {
    await destroy();
  }
};
