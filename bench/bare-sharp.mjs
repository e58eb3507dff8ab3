import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where the thumbnail function sets its WebP quality. */
const qualitySource = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "functions",
  "thumbnail",
  "src",
  "render-sizes.ts",
);

/** The thumbnail module keeps its WebP quality private; whatever it is compared with must use the same. */
export const thumbnailWebpQuality = () => {
  const [, quality] = /const WEBP_QUALITY = (\d+);/.exec(readFileSync(qualitySource, "utf8")) ?? [];
  if (!quality) throw new Error(`WEBP_QUALITY not found in ${qualitySource}: update the benchmark`);
  return Number(quality);
};

/**
 * The obvious thumbnail code, the yardstick of the benchmarks: one full sharp(input) per size,
 * the sizes in parallel. `sizes` are `{ name, maxDimension }`.
 */
export const bareSharpThumbnails = (sharp, bytes, sizes, quality) =>
  Promise.all(
    sizes.map(async (size) => {
      const { data, info } = await sharp(bytes)
        .rotate()
        .resize({
          width: size.maxDimension,
          height: size.maxDimension,
          fit: "inside",
          withoutEnlargement: true,
        })
        .webp({ quality })
        .toBuffer({ resolveWithObject: true });
      return { size: size.name, bytes: data.length, width: info.width, height: info.height };
    }),
  );
