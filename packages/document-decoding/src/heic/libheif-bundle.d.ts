// libheif-js publishes no types for its single-file build; this is the one export it has.
declare module "libheif-js/libheif-wasm/libheif-bundle.mjs" {
  /** Instantiates libheif synchronously from the wasm embedded in the file. */
  const createLibheif: (options?: Record<string, unknown>) => import("./libheif-types.ts").Libheif;
  export default createLibheif;
}
