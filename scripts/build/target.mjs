import { BuildError } from "./errors.mjs";

/** The Lambda runtime every function is built for; the bundle targets the same Node major. */
export const lambdaRuntime = "nodejs22.x";
export const nodeTarget = "node22";
export const lambdaHandler = "index.handler";

/**
 * Packages that stay out of the bundle and ship as real files in the zip's node_modules,
 * because at run time they load files that esbuild cannot inline:
 * - sharp: native code (`.node` addons and shared libraries);
 * - tesseract.js: starts its engine in a worker thread from a script file of its own, which
 *   requires tesseract.js-core, whose loader reads its `.wasm` from beside itself;
 * - @tesseract.js-data/eng: the English traineddata, read from the package's own folder.
 */
export const packagesShippedAsFiles = ["sharp", "tesseract.js", "@tesseract.js-data/eng"];

/**
 * Files of the packages shipped as files that no function loads, by package: patterns on the
 * path inside the package, left out of every zip (beside the type declarations, C++ sources
 * and readmes left out of all packages). Each saves megabytes a cold start would unzip.
 */
export const filesNeverLoaded = {
  // Browser bundles, docs, examples and build scripts: Node runs src/.
  "tesseract.js": [/^(dist|docs|examples|scripts)\//, /^karma\.conf\.js$/],
  // The LSTM-only builds, which tesseract.js 7 never loads in Node (its getCore is handed
  // `lstmOnly`, a boolean, where it compares OEM numbers, so it always loads a full build; the
  // smoke test fails at once should a later version load another), the index.js that nothing
  // requires (tesseract.js requires each build by name), and the .wasm inlined as base64 for
  // browser bundlers (Node reads the .wasm beside its loader). All three full builds stay:
  // tesseract.js picks relaxed SIMD, SIMD or neither by what V8 runs.
  "tesseract.js-core": [/-lstm\.(js|wasm)$/, /\.wasm\.js$/, /^index\.js$/],
  // The traineddata with the legacy engine's data (11 MB): receipt-reader loads 4.0.0_best_int.
  "@tesseract.js-data/eng": [/^4\.0\.0\//],
  // tesseract.js's browser build gunzips with zlibjs; in Node its worker uses node:zlib.
  zlibjs: [/^bin\//],
};

/**
 * Optional dependencies that bundled code requires only on request and we never request:
 * `pg` loads `pg-native` only when `pg.native` is read. They stay external and are not shipped.
 */
export const unusedOptionalPackages = ["pg-native"];

/** Lambda architecture names and the npm platform fields (`cpu`, `os`, `libc`) they stand for. */
const architectures = {
  x86_64: { architecture: "x86_64", cpu: "x64", os: "linux", libc: "glibc" },
  arm64: { architecture: "arm64", cpu: "arm64", os: "linux", libc: "glibc" },
};

const hostArchitecture = { x64: "x86_64", arm64: "arm64" };

/**
 * The target of this build: `ARCH` (x86_64 or arm64), or this machine's own architecture.
 *
 * @example
 * targetFromEnv({ ARCH: "arm64" }) // { architecture: "arm64", cpu: "arm64", os: "linux", libc: "glibc" }
 */
export const targetFromEnv = (env = process.env, arch = process.arch) => {
  const requested = env.ARCH?.trim() || hostArchitecture[arch];
  if (!requested) {
    throw new BuildError(
      `this machine's architecture (${arch}) is not one Lambda runs: set ARCH=x86_64 or ARCH=arm64`,
    );
  }
  const target = architectures[requested];
  if (!target) {
    throw new BuildError(
      `unknown ARCH "${requested}": Lambda runs x86_64 or arm64 (set ARCH=x86_64 or ARCH=arm64)`,
    );
  }
  return target;
};

/** This machine as a target: what the smoke test and the benchmark can actually run. */
export const hostTarget = () => targetFromEnv({}, process.arch);
