import path from "node:path";
import type { OcrLine } from "@shoebox/receipt-reading";
import { TransientError } from "@shoebox/runtime";
import englishTraineddata from "@tesseract.js-data/eng";
import Tesseract from "tesseract.js";

/*
 * tesseract.js runs Tesseract (WebAssembly, from tesseract.js-core) in a worker thread. Everything
 * it loads is on disk, in the zip's node_modules (scripts/build/target.mjs ships both packages
 * as files): the worker script, the .wasm, and the English traineddata from npm. Nothing is
 * fetched: a langPath that is not a URL is read from disk, and in Node tesseract.js ignores
 * corePath and requires tesseract.js-core beside it.
 *
 * The traineddata is `4.0.0_best_int`, the LSTM model alone (2.9 MB gzipped), chosen for
 * accuracy over speed: a receipt already reads in about a second of one core, and a wrong digit
 * in a total costs more than a second. The package's default folder, `4.0.0`, adds the legacy
 * engine's data (11 MB) that the LSTM engine never reads (and read our rendered receipts with
 * the same characters); the package has no `fast` model (a smaller network: quicker, less
 * accurate on small print), which would have to come from elsewhere.
 */
const ENGLISH_LANG_PATH = path.join(path.dirname(englishTraineddata.langPath), "4.0.0_best_int");

/*
 * PSM 6, one uniform block of text, measured against PSM 4 (one column of varying sizes) and 3
 * (automatic layout) on six renders of two receipts (a 600 px JPEG, a 360 px scan, a sideways
 * phone photo): 0.3% of characters read wrong, against 18% for both, in the same time. PSM 3
 * and 4 take a receipt's right-aligned amounts for a column of their own and drop them or part
 * them from their labels ("TOTAL" without "12.70"); PSM 6 keeps each printed line whole, which
 * is what the parser reads.
 */
export const OCR_PAGE_SEGMENTATION = Tesseract.PSM.SINGLE_BLOCK;

/*
 * How tesseract turns the grey page into ink and paper before it reads it. "global" is one
 * threshold for the whole page (Otsu, tesseract's default): right for a scan, and for a photo the
 * table round the slip becomes plain black or white, which reads as nothing. But a shadow across
 * the slip falls below that threshold, and its print with it: a photo shaded on one side lost
 * the left half of every line, date and merchant included. "local" thresholds each pixel by its
 * neighbourhood (Sauvola): it reads print in shadow, and reads a textured table as letters. Of
 * the 30 phone photos of bench/receipt-reading.mjs, read either way alone: global 24 dates, 26
 * totals, 27 merchants right; local 25, 30, 24.
 */
export type Binarisation = "global" | "local";
const THRESHOLDING_METHOD: Readonly<Record<Binarisation, string>> = { global: "0", local: "2" };

const startEngine = async (): Promise<Tesseract.Worker> => {
  // tesseract.js never settles createWorker when the traineddata fails to load (it swallows
  // that rejection); its errorHandler hears of every failed job, so a failed start ends here.
  let failStart: (reason: unknown) => void = () => {};
  const startFailed = new Promise<never>((_, reject) => {
    failStart = reject;
  });
  const started = Tesseract.createWorker("eng", Tesseract.OEM.LSTM_ONLY, {
    langPath: ENGLISH_LANG_PATH,
    gzip: true,
    // The data is on disk already and the zip's folder is read-only on Lambda: no cache at all.
    cacheMethod: "none",
    // Also, without a handler tesseract.js throws a failed job's reason from its message
    // listener, an uncaught exception that ends the process; the job's promise rejects anyway.
    errorHandler: (reason: unknown) => failStart(reason),
  });
  const worker = await Promise.race([started, startFailed]).catch((reason: unknown) => {
    throw new Error(`the OCR engine did not start: ${String(reason)}`);
  });
  await worker.setParameters({
    tessedit_pageseg_mode: OCR_PAGE_SEGMENTATION,
    thresholding_method: THRESHOLDING_METHOD.global,
    // preparePage scales print to about what a 300 dpi scan gives; saying so spares the estimate.
    user_defined_dpi: "300",
    // Tesseract's own diagnostics ("guessing pitch...") would go to the function's log.
    debug_file: "/dev/null",
  });
  return worker;
};

let engine: Promise<Tesseract.Worker> | undefined;

/**
 * The container's one OCR engine, started on first use (the handler starts it during init) and
 * reused by every invocation: starting it (compiling the wasm, loading 2.9 MB of traineddata)
 * takes about half a second of one core, as long as a small receipt's OCR.
 *
 * @example
 * await startOcrEngine();
 */
export const startOcrEngine = (): Promise<Tesseract.Worker> => {
  engine ??= startEngine().catch((error: unknown) => {
    engine = undefined;
    throw error;
  });
  return engine;
};

/** Stops the engine's worker thread (tests; and after a failed job, so the next page gets a fresh one). */
export const stopOcrEngine = async (): Promise<void> => {
  const stopping = engine;
  engine = undefined;
  const worker = await stopping?.catch(() => undefined);
  await worker?.terminate();
};

/** Tesseract's layout as printed lines, top to bottom, with their confidence (0-100); blank lines dropped. */
export const linesOf = (blocks: readonly Tesseract.Block[]): OcrLine[] =>
  blocks
    .flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines))
    .map((line) => ({ text: line.text.trim(), confidence: line.confidence }))
    .filter((line) => line.text.length > 0);

/**
 * OCRs one prepared page (preparePage's PNG) into its lines, its ink told from its paper by
 * `binarisation` (global unless said). A failure of the engine itself is not the receipt's fault
 * (the page decoded fine): it is a TransientError, and the engine is replaced.
 *
 * @example
 * const lines = await recognizeLines(prepared.png); // [{ text: "TOTAL 12.70", confidence: 93 }, ...]
 * const shaded = await recognizeLines(prepared.png, "local");
 */
export const recognizeLines = async (
  png: Buffer,
  binarisation: Binarisation = "global",
): Promise<OcrLine[]> => {
  const worker = await startOcrEngine();
  // The worker runs its jobs in order: this setting is the one the recognition below reads.
  const result = await worker
    .setParameters({ thresholding_method: THRESHOLDING_METHOD[binarisation] })
    .then(() => worker.recognize(png, {}, { text: false, blocks: true }))
    .catch(async (reason: unknown) => {
      await stopOcrEngine();
      throw new TransientError(`the OCR engine failed on a page (${String(reason)})`);
    });
  return linesOf(result.data.blocks ?? []);
};
