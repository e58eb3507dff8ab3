/*
 * The part of libheif-js's embind module this package calls (its own libheif.d.ts declares the
 * whole module, but for its other entry points, not for libheif-bundle.mjs).
 */

/** An embind enum value: compared by identity with the module's constants. */
export type EnumValue = { readonly value: number };

export interface HeifError {
  code: EnumValue;
  subcode: EnumValue;
  message: string;
}

export type Opaque<Name extends string> = { readonly __opaque: Name };
export type HeifContext = Opaque<"heif_context">;
export type HeifImageHandle = Opaque<"heif_image_handle">;

export interface DecodedChannel {
  id: EnumValue;
  width: number;
  height: number;
  stride: number;
  /** A view into the WebAssembly heap: valid until the image is released. */
  data: Uint8Array;
}

export interface DecodedHeifImage {
  image: Opaque<"heif_image">;
  channels: DecodedChannel[];
}

export interface Libheif {
  HEAPU8: Uint8Array;
  heif_error_code: Record<
    "heif_error_Ok" | "heif_error_Unsupported_feature" | "heif_error_Unsupported_filetype",
    EnumValue
  >;
  heif_colorspace: Record<"heif_colorspace_RGB", EnumValue>;
  heif_chroma: Record<"heif_chroma_interleaved_RGB" | "heif_chroma_interleaved_RGBA", EnumValue>;
  heif_channel: Record<"heif_channel_interleaved", EnumValue>;
  heif_context_alloc(): HeifContext;
  heif_context_free(context: HeifContext): void;
  heif_context_read_from_memory(context: HeifContext, bytes: Uint8Array): HeifError;
  heif_js_context_get_primary_image_handle(context: HeifContext): HeifImageHandle | HeifError;
  heif_image_handle_get_width(handle: HeifImageHandle): number;
  heif_image_handle_get_height(handle: HeifImageHandle): number;
  heif_image_handle_has_alpha_channel(handle: HeifImageHandle): number;
  heif_image_handle_release(handle: HeifImageHandle): void;
  heif_js_decode_image2(
    handle: HeifImageHandle,
    colorspace: EnumValue,
    chroma: EnumValue,
  ): Promise<DecodedHeifImage | HeifError> | DecodedHeifImage | HeifError;
  heif_image_release(image: Opaque<"heif_image">): void;
}
