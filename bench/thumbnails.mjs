#!/usr/bin/env node
/*
 * Thumbnails, side by side in one run, on a fixed corpus of real photos:
 *   module       functions/thumbnail's renderThumbnails (the function's own code path: bytes ->
 *                one WebP per THUMBNAIL_SIZES entry + facts), bundled by esbuild as for a deploy
 *   bare sharp   the obvious pipeline, one full sharp(input) per size, the sizes in parallel:
 *                rotate().resize({ fit: "inside", withoutEnlargement }).webp({ quality }).toBuffer()
 *   ImageMagick  one `convert` process per photo that decodes once and writes every size, largest
 *                first, each derived from the one before (the module's own strategy, so the
 *                fairest pairing); one process per size is measured too, for information
 * Same sharp instance, same WebP quality (read from thumbnails.ts), same sizes (THUMBNAIL_SIZES
 * parsed by the function's ThumbnailSizesSchema; default small:160,medium:640). The contenders take
 * turns per photo, in an order that rotates every round, so a slow moment of the machine hits
 * all of them alike; each photo's time is the median of its rounds.
 *
 *   node bench/thumbnails.mjs                   # ROUNDS=7 by default, about 1 minute on 2 cores
 * Needs the real ImageMagick (apt-get install -y imagemagick); without it that comparison is
 * skipped. Writes bench/results/thumbnails.json. Goals: module >= 0.9x bare sharp's throughput,
 * module >= 3x ImageMagick's; judged on the camera-sized photos in bench/corpus/.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import * as esbuild from "esbuild";
import { stableStringify } from "../scripts/build/manifest.mjs";
import { bareSharpThumbnails, thumbnailWebpQuality } from "./bare-sharp.mjs";
import { npmPackagesAsImports } from "./npm-packages-as-imports.mjs";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const functionDir = path.join(repoRoot, "functions", "thumbnail");
const resultsFile = path.join(repoRoot, "bench", "results", "thumbnails.json");
const rounds = Number(process.env.ROUNDS ?? 7);
const goals = { moduleVsBareSharp: 0.9, moduleVsImageMagick: 3 };
const IMAGEMAGICK_INSTALL = "apt-get update && apt-get install -y imagemagick";

/** Camera-sized photos decide the goals; the small test fixtures show the fixed costs. */
const corpora = [
  { name: "camera", dir: path.join(repoRoot, "bench", "corpus"), decidesGoals: true },
  { name: "small", dir: path.join(functionDir, "tests", "fixtures", "photos"), decidesGoals: false },
];

/**
 * The module as a deploy runs it: esbuild output of the TypeScript sources (Node's type
 * stripping cannot run them: errors.ts uses parameter properties). npm packages stay imports
 * of functions/thumbnail/node_modules, so the bare pipeline gets the very same sharp.
 */
const loadModule = async (scratchDir) => {
  const outfile = path.join(scratchDir, "thumbnail-module.mjs");
  await esbuild.build({
    stdin: {
      contents: [
        'export { renderThumbnails } from "./thumbnails.ts";',
        'export { ThumbnailSizesSchema } from "./config.ts";',
        'export { default as sharp } from "sharp";',
      ].join("\n"),
      resolveDir: path.join(functionDir, "src"),
      loader: "ts",
    },
    bundle: true,
    outfile,
    platform: "node",
    format: "esm",
    target: "node22",
    plugins: [npmPackagesAsImports],
    logLevel: "silent",
  });
  return import(pathToFileURL(outfile).href);
};

/**
 * The real ImageMagick: `magick` (7) or `convert` (6), never the stand-in some machines put
 * first on PATH (a script that says "Stands in for ImageMagick"), nor GraphicsMagick's convert.
 */
const findImageMagick = async () => {
  const dirs = [
    ...new Set([
      ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean),
      "/usr/bin",
      "/usr/local/bin",
    ]),
  ];
  const rejected = [];
  for (const name of ["magick", "convert"]) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (!existsSync(candidate)) continue;
      const target = realpathSync(candidate);
      const { size } = statSync(target);
      if (size < 1_000_000 && readFileSync(target).includes("Stands in for ImageMagick")) {
        rejected.push(`${candidate} (a stand-in)`);
        continue;
      }
      try {
        const { stdout } = await run(candidate, ["-version"]);
        const version = /Version: ImageMagick (\S+)/.exec(stdout)?.[1];
        if (!version) {
          rejected.push(`${candidate} (not ImageMagick)`);
          continue;
        }
        const formats = (await run(candidate, ["-list", "format"], { maxBuffer: 4_000_000 })).stdout;
        if (!/^\s*WEBP\*?\s+WEBP\s+\S*w/m.test(formats)) {
          rejected.push(`${candidate} (ImageMagick ${version} cannot write WebP)`);
          continue;
        }
        const threads = /Thread:\s+(\d+)/.exec((await run(candidate, ["-list", "resource"])).stdout)?.[1];
        return { path: candidate, version, threads: threads ? Number(threads) : undefined };
      } catch (error) {
        rejected.push(`${candidate} (${error.message.split("\n")[0]})`);
      }
    }
  }
  return { missing: rejected };
};

const loadCorpus = async (sharp, corpus) => {
  if (!existsSync(corpus.dir)) throw new Error(`${path.relative(repoRoot, corpus.dir)} is missing`);
  const files = readdirSync(corpus.dir)
    .filter((file) => /\.jpe?g$/i.test(file))
    .sort();
  if (files.length === 0) throw new Error(`no JPEG in ${path.relative(repoRoot, corpus.dir)}`);
  return Promise.all(
    files.map(async (file) => {
      const filePath = path.join(corpus.dir, file);
      const bytes = readFileSync(filePath);
      const { width, height } = await sharp(bytes).metadata();
      return {
        corpus: corpus.name,
        name: file,
        path: filePath,
        bytes,
        width,
        height,
        megapixels: (width * height) / 1e6,
      };
    }),
  );
};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const contendersFor = ({ renderThumbnails, sharp, config, quality, imageMagick, scratchDir }) => {
  const sizes = config.thumbnailSizes; // largest first
  const bareSharp = {
    name: "bare sharp",
    key: "bareSharp",
    render: (photo) => bareSharpThumbnails(sharp, photo.bytes, sizes, quality),
  };
  const module = {
    name: "module",
    key: "module",
    render: async (photo) => {
      const { thumbnails } = await renderThumbnails(photo.bytes, {
        sizes,
        maxInputPixels: config.maxInputPixels,
      });
      return thumbnails.map((thumbnail) => ({
        size: thumbnail.size,
        bytes: thumbnail.body.length,
        width: thumbnail.width,
        height: thumbnail.height,
      }));
    },
  };
  if (!imageMagick.path) return [module, bareSharp];

  // `>` keeps ImageMagick from enlarging, like withoutEnlargement.
  const box = (size) => `${size.maxDimension}x${size.maxDimension}>`;
  const outputOf = (photo, size, contender) =>
    path.join(scratchDir, `${contender}-${photo.corpus}-${photo.name}-${size.name}.webp`);
  const imageMagickOutputs = async (photo, contender) =>
    Promise.all(
      sizes.map(async (size) => {
        const file = outputOf(photo, size, contender);
        const { width, height } = await sharp(file).metadata();
        return { size: size.name, bytes: statSync(file).size, width, height };
      }),
    );
  const oneProcess = {
    name: "ImageMagick",
    key: "imageMagick",
    // convert in.jpg -auto-orient -quality 80 -thumbnail 640x640> -write medium.webp -thumbnail 160x160> small.webp
    render: async (photo) => {
      const args = [photo.path, "-auto-orient", "-quality", String(quality)];
      sizes.forEach((size, index) => {
        const out = outputOf(photo, size, "im");
        args.push("-thumbnail", box(size), ...(index < sizes.length - 1 ? ["-write", out] : [out]));
      });
      await run(imageMagick.path, args);
      return { deferred: () => imageMagickOutputs(photo, "im") };
    },
  };
  const processPerSize = {
    name: "ImageMagick, process per size",
    key: "imageMagickProcessPerSize",
    informational: true,
    render: async (photo) => {
      for (const size of sizes) {
        const args = [
          photo.path,
          "-auto-orient",
          "-thumbnail",
          box(size),
          "-quality",
          String(quality),
          outputOf(photo, size, "im-each"),
        ];
        await run(imageMagick.path, args);
      }
      return { deferred: () => imageMagickOutputs(photo, "im-each") };
    },
  };
  return [module, bareSharp, oneProcess, processPerSize];
};

/** Interleaved: per photo, every contender once, in an order that rotates each round. */
const measure = async (contenders, photos) => {
  const samples = new Map(
    contenders.map((contender) => [contender.key, new Map(photos.map((photo) => [photo, []]))]),
  );
  const outputs = new Map(contenders.map((contender) => [contender.key, new Map()]));
  const pass = async (roundIndex, record) => {
    for (const [photoIndex, photo] of photos.entries()) {
      for (let turn = 0; turn < contenders.length; turn++) {
        const contender = contenders[(roundIndex + photoIndex + turn) % contenders.length];
        const started = performance.now();
        const rendered = await contender.render(photo);
        const elapsed = performance.now() - started;
        if (!record) continue;
        samples.get(contender.key).get(photo).push(elapsed);
        if (!outputs.get(contender.key).has(photo)) {
          outputs.get(contender.key).set(photo, rendered.deferred ? await rendered.deferred() : rendered);
        }
      }
    }
  };
  const warmUpStarted = performance.now();
  await pass(0, false);
  console.log(`  warm-up round: ${((performance.now() - warmUpStarted) / 1000).toFixed(1)} s`);
  for (let roundIndex = 1; roundIndex <= rounds; roundIndex++) {
    const started = performance.now();
    await pass(roundIndex, true);
    console.log(`  round ${roundIndex}/${rounds}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return { samples, outputs };
};

const summarise = (contender, photos, samples, outputs) => {
  const perPhoto = photos.map((photo) => {
    const times = samples.get(contender.key).get(photo);
    return { photo, medianMs: median(times), outputs: outputs.get(contender.key).get(photo) };
  });
  const totalMs = perPhoto.reduce((sum, entry) => sum + entry.medianMs, 0);
  const megapixels = photos.reduce((sum, photo) => sum + photo.megapixels, 0);
  const outputBytes = {};
  for (const entry of perPhoto)
    for (const output of entry.outputs)
      outputBytes[output.size] = (outputBytes[output.size] ?? 0) + output.bytes;
  return {
    msPerImage: round(totalMs / photos.length),
    medianMsPerImage: round(median(perPhoto.map((entry) => entry.medianMs))),
    imagesPerSecond: round((photos.length * 1000) / totalMs, 2),
    megapixelsPerSecond: round((megapixels * 1000) / totalMs, 2),
    outputBytes,
    perImage: Object.fromEntries(
      perPhoto.map((entry) => [
        entry.photo.name,
        {
          medianMs: round(entry.medianMs),
          samplesMs: samples
            .get(contender.key)
            .get(entry.photo)
            .map((ms) => round(ms)),
          outputs: Object.fromEntries(
            entry.outputs.map((output) => [
              output.size,
              { width: output.width, height: output.height, bytes: output.bytes },
            ]),
          ),
        },
      ]),
    ),
  };
};

/** Every contender's thumbnails must have the module's dimensions. */
const dimensionMismatches = (contenders, photos, outputs) => {
  const mismatches = [];
  for (const photo of photos) {
    const reference = new Map(
      outputs
        .get("module")
        .get(photo)
        .map((output) => [output.size, output]),
    );
    for (const contender of contenders) {
      for (const output of outputs.get(contender.key).get(photo)) {
        const expected = reference.get(output.size);
        if (expected.width !== output.width || expected.height !== output.height) {
          mismatches.push(
            `${photo.name} ${output.size}: ${contender.name} ${output.width}x${output.height}, module ${expected.width}x${expected.height}`,
          );
        }
      }
    }
  }
  return mismatches;
};

const main = async () => {
  const started = performance.now();
  const scratchDir = await mkdtemp(path.join(os.tmpdir(), "shoebox-bench-thumbnails-"));
  try {
    const { renderThumbnails, ThumbnailSizesSchema, sharp } = await loadModule(scratchDir);
    const config = {
      // The function's own parser: the same validation, sorted largest first.
      thumbnailSizes: ThumbnailSizesSchema.parse(process.env.THUMBNAIL_SIZES ?? "small:160,medium:640"),
      // MAX_INPUT_PIXELS' default; a header check only, it costs the same at any value.
      maxInputPixels: 50_000_000,
    };
    const quality = thumbnailWebpQuality();
    const imageMagick = await findImageMagick();
    if (!imageMagick.path) {
      console.log(
        `bench: ImageMagick not found${imageMagick.missing.length ? ` (rejected: ${imageMagick.missing.join(", ")})` : ""}.`,
      );
      console.log(
        `bench: install it with \`${IMAGEMAGICK_INSTALL}\` and run again; skipping the ImageMagick comparison.`,
      );
    }
    const groups = await Promise.all(
      corpora.map(async (corpus) => ({ ...corpus, photos: await loadCorpus(sharp, corpus) })),
    );
    const photos = groups.flatMap((group) => group.photos);
    const contenders = contendersFor({ renderThumbnails, sharp, config, quality, imageMagick, scratchDir });
    const sizeList = config.thumbnailSizes.map((size) => `${size.name}:${size.maxDimension}`).join(",");
    console.log(
      `bench: ${photos.length} photos (${groups.map((group) => `${group.photos.length} ${group.name}`).join(", ")}), ` +
        `${contenders.length} contenders, ${rounds} rounds + 1 warm-up, sizes ${sizeList}, WebP q${quality}; ` +
        `Node ${process.versions.node}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}, ${sharp.concurrency()} thread(s)), ` +
        `${imageMagick.path ? `ImageMagick ${imageMagick.version} (${imageMagick.path})` : "no ImageMagick"}`,
    );

    const { samples, outputs } = await measure(contenders, photos);
    const mismatches = dimensionMismatches(contenders, photos, outputs);

    const results = {};
    for (const group of [...groups, { name: "all", photos, decidesGoals: false }]) {
      const byContender = Object.fromEntries(
        contenders.map((contender) => [contender.key, summarise(contender, group.photos, samples, outputs)]),
      );
      const ratio = (other) =>
        byContender[other]
          ? round(byContender.module.imagesPerSecond / byContender[other].imagesPerSecond, 2)
          : null;
      results[group.name] = {
        images: group.photos.map((photo) => ({
          name: photo.name,
          width: photo.width,
          height: photo.height,
          megapixels: round(photo.megapixels, 2),
          bytes: photo.bytes.length,
        })),
        megapixels: round(
          group.photos.reduce((sum, photo) => sum + photo.megapixels, 0),
          2,
        ),
        contenders: byContender,
        ratios: {
          moduleVsBareSharp: ratio("bareSharp"),
          moduleVsImageMagick: ratio("imageMagick"),
          moduleVsImageMagickProcessPerSize: ratio("imageMagickProcessPerSize"),
        },
      };
    }

    const sizeNames = config.thumbnailSizes.map((size) => size.name);
    const header = [
      "corpus",
      "contender",
      "ms/image",
      "images/s",
      "MP/s",
      "module x",
      ...sizeNames.map((name) => `${name} bytes`),
    ];
    const rows = [];
    for (const [groupName, group] of Object.entries(results)) {
      for (const contender of contenders) {
        const summary = group.contenders[contender.key];
        const vsModule =
          contender.key === "module"
            ? ""
            : `${(results[groupName].contenders.module.imagesPerSecond / summary.imagesPerSecond).toFixed(2)}x`;
        rows.push([
          `${groupName} (${group.images.length}, ${group.megapixels} MP)`,
          contender.name,
          summary.msPerImage.toFixed(1),
          summary.imagesPerSecond.toFixed(2),
          summary.megapixelsPerSecond.toFixed(2),
          vsModule,
          ...sizeNames.map((name) => kib(summary.outputBytes[name])),
        ]);
      }
    }
    const widths = header.map((title, column) =>
      Math.max(title.length, ...rows.map((row) => row[column].length)),
    );
    const line = (cells) =>
      cells
        .map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
        .join("  ");
    console.log(line(header));
    for (const row of rows) console.log(line(row));
    console.log(
      "ms/image: each photo's median over the rounds, averaged over the corpus; images/s and MP/s follow from it.",
    );
    console.log("module x: module throughput / that contender's (above 1: the module is faster).");
    console.log(
      mismatches.length
        ? `dimensions: ${mismatches.length} differ:\n  ${mismatches.join("\n  ")}`
        : "dimensions: every contender's thumbnails match the module's",
    );

    const deciding = results[groups.find((group) => group.decidesGoals).name].ratios;
    const goalsMet = {
      moduleVsBareSharp: deciding.moduleVsBareSharp >= goals.moduleVsBareSharp,
      moduleVsImageMagick:
        deciding.moduleVsImageMagick === null
          ? null
          : deciding.moduleVsImageMagick >= goals.moduleVsImageMagick,
    };
    const cpus = os.cpus();
    await mkdir(path.dirname(resultsFile), { recursive: true });
    await writeFile(
      resultsFile,
      stableStringify({
        measuredAt: new Date().toISOString(),
        machine: {
          cpuModel: cpus[0]?.model ?? "unknown",
          cores: os.availableParallelism(),
          memoryGiB: round(os.totalmem() / 2 ** 30),
          platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        },
        versions: {
          node: process.versions.node,
          sharp: sharp.versions.sharp,
          libvips: sharp.versions.vips,
          libwebp: sharp.versions.webp,
          mozjpeg: sharp.versions.mozjpeg,
          sharpThreads: sharp.concurrency(),
          imageMagick: imageMagick.version ?? null,
          imageMagickThreads: imageMagick.threads ?? null,
        },
        method: {
          rounds,
          warmUpRounds: 1,
          sizes: config.thumbnailSizes,
          webpQuality: quality,
          timing:
            "wall time of one photo -> all sizes, one photo at a time; contenders interleaved per photo in a rotating order; per photo the median over the rounds",
          msPerImage: "per-photo medians averaged over the corpus (images/s = 1000 / msPerImage)",
          medianMsPerImage: "median of the per-photo medians",
          module:
            "renderThumbnails from functions/thumbnail/src/thumbnails.ts, bundled by esbuild, with THUMBNAIL_SIZES parsed by its ThumbnailSizesSchema and MAX_INPUT_PIXELS at its default",
          bareSharp:
            "per size, in parallel: sharp(input).rotate().resize({ width: s, height: s, fit: 'inside', withoutEnlargement: true }).webp({ quality }).toBuffer()",
          imageMagick: imageMagick.path
            ? "one process per photo: convert in -auto-orient -quality Q -thumbnail 640x640> -write medium.webp -thumbnail 160x160> small.webp (decode once, each size from the one before, like the module)"
            : `not measured: ImageMagick is not installed (${IMAGEMAGICK_INSTALL})`,
          imageMagickProcessPerSize: imageMagick.path
            ? "for information: convert in -auto-orient -thumbnail SxS> -quality Q out.webp, one process per size, one after the other"
            : "not measured",
        },
        goals,
        goalsDecidedOn: groups.find((group) => group.decidesGoals).name,
        goalsMet,
        dimensionMismatches: mismatches,
        corpora: results,
      }),
    );
    const goalText = (met, ratio, goal) => `${ratio}x (goal ${goal}x) ${met ? "met" : "NOT met"}`;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `bench: module vs bare sharp ${goalText(goalsMet.moduleVsBareSharp, deciding.moduleVsBareSharp, goals.moduleVsBareSharp)}, ` +
        `vs ImageMagick ${goalsMet.moduleVsImageMagick === null ? "not measured" : goalText(goalsMet.moduleVsImageMagick, deciding.moduleVsImageMagick, goals.moduleVsImageMagick)} ` +
        `(camera-sized photos); ${seconds} s -> ${path.relative(repoRoot, resultsFile)}`,
    );
    if (mismatches.length > 0) process.exitCode = 1;
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
};

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
