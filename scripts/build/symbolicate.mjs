import { SourceMap } from "node:module";

/** A position in a bundle as a stack trace prints it: `index.mjs:1:23456` (optionally a file URL). */
const bundlePosition = /(?:file:\/\/)?(?:\/[^\s():]*\/)?index\.mjs:(\d+):(\d+)/g;

/**
 * A stack trace of a bundled function with every position in `index.mjs` replaced by the
 * source file, line and column it came from, read from the bundle's source map (the
 * `dist/<name>.mjs.map` of the very build that was deployed). A position the map does not
 * cover stays as it was.
 *
 * @example
 * symbolicate("at Ye (file:///var/task/index.mjs:1:2345)", map)
 * // "at Ye (packages/runtime/src/sqs-batch.ts:71:11)"
 */
export const symbolicate = (trace, sourceMapJson) => {
  const map = new SourceMap(typeof sourceMapJson === "string" ? JSON.parse(sourceMapJson) : sourceMapJson);
  return trace.replace(bundlePosition, (position, line, column) => {
    const origin = map.findOrigin(Number(line), Number(column));
    return origin.fileName ? `${origin.fileName}:${origin.lineNumber}:${origin.columnNumber}` : position;
  });
};
