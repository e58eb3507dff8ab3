/// <reference path="./libheif-bundle.d.ts" />
import type { Libheif } from "./libheif-types.ts";

/**
 * libheif compiled to WebAssembly (libheif-js), with libde265 as its HEVC decoder: what sharp's
 * prebuilt libvips lacks. The `-bundle` build carries its wasm inside the JavaScript, so esbuild
 * puts it in the Lambda's index.mjs: nothing is read from disk or fetched at run time.
 *
 * One instance per container, made at the first HEIC (about 170 ms, measured) rather than at
 * the cold start, which most uploads, being JPEGs, do not need to pay for.
 */
let instance: Libheif | undefined;

/**
 * WebAssembly memory only grows: a 48 Mpx photo leaves the heap at 250 MiB for the container's
 * life, on top of whatever the next image needs. Past this size the instance is dropped after
 * its decode, so the garbage collector gives the memory back (measured: resident memory falls
 * to what it was before); the next HEIC makes a new one. Up to it (a 12 Mpx photo leaves 57
 * MiB), the instance is kept, and a container holds at most its code and this heap.
 */
const KEPT_HEAP_BYTES = 64 * 1024 * 1024;

/** The container's libheif, made on first use. */
export const libheif = async (): Promise<Libheif> => {
  if (!instance) {
    const { default: createLibheif } = await import("libheif-js/libheif-wasm/libheif-bundle.mjs");
    instance = createLibheif();
  }
  return instance;
};

/** Drops the instance when its heap grew past KEPT_HEAP_BYTES; call once a decode is over. */
export const releaseLargeHeap = (): void => {
  if (instance && instance.HEAPU8.byteLength > KEPT_HEAP_BYTES) instance = undefined;
};

/** The heap of the current instance, in bytes (0 when there is none): for measurements and tests. */
export const libheifHeapBytes = (): number => instance?.HEAPU8.byteLength ?? 0;
