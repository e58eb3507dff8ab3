#!/usr/bin/env node
/*
 * The photo pipeline end to end (issue 17, item 3), side by side with bare sharp on the same
 * cores. PIPELINE_PHOTOS (default 40) camera photos from bench/corpus/ (each copy made unique by
 * a JPEG comment, so no two uploads are the same bytes; the pixels, and so the work, are the
 * corpus's own) go through the local stack as a client sends them: one POST /uploads, each file
 * to its presigned POST (8 at a time), S3's notification to the uploads queue, the thumbnail
 * function in the local Lambda runtime, the photo PROCESSED in DynamoDB, the batch counted.
 *
 *   pipeline    photos/s from just before POST /uploads to the moment GET /batches/{id} counts
 *               every photo processed (polled every 100 ms);
 *   bare sharp  the same files made into the same thumbnails (THUMBNAIL_SIZES of the deployed
 *               function, its WebP quality) in this one process, as many photos at once as the
 *               machine has cores, with the function's own sharp; measured just before and just
 *               after the pipeline, the mean of the two.
 *
 * The ratio pipeline / bare sharp is the goal (0.6x or better). Prints a table, writes
 * bench/results/pipeline.json; exit 1 if a photo is not PROCESSED.
 *
 *   node bench/pipeline.mjs            # about 3 min on 2 cores, most of it starting the stack
 */
import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pMap from "p-map";
import { bareSharpThumbnails, thumbnailWebpQuality } from "./bare-sharp.mjs";
import { startBenchStack } from "./local-stack.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsFile = path.join(repoRoot, "bench", "results", "pipeline.json");
const corpusDir = path.join(repoRoot, "bench", "corpus");
const { PIPELINE_PHOTOS } = process.env;
const photoCount = Number(PIPELINE_PHOTOS || 40);
const GOAL = 0.6;
const UPLOADS_AT_ONCE = 8;
const TIMEOUT_MS = 10 * 60_000;
const say = (line) => console.log(`[bench pipeline] ${line}`);
const sharp = createRequire(path.join(repoRoot, "functions", "thumbnail", "package.json"))("sharp");

/** The JPEG with a comment segment right after its start-of-image marker: new bytes, same pixels. */
const withComment = (jpeg, text) => {
  const comment = Buffer.from(text, "latin1");
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(comment.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, comment, jpeg.subarray(2)]);
};

const corpus = readdirSync(corpusDir)
  .filter((name) => name.endsWith(".jpg"))
  .sort()
  .map((name) => ({ name, bytes: readFileSync(path.join(corpusDir, name)) }));

const photos = (label, count) =>
  Array.from({ length: count }, (_, index) => {
    const source = corpus[index % corpus.length];
    return {
      name: `${label}-${index}-${source.name}`,
      bytes: withComment(source.bytes, `shoebox bench ${label} ${process.pid} ${index}`),
    };
  });

/** Thumbnail sizes as the deployed function reads them (THUMBNAIL_SIZES), largest first. */
const sizesOf = (text) =>
  text
    .split(",")
    .map((pair) => {
      const [name, maxDimension] = pair.split(":");
      return { name, maxDimension: Number(maxDimension) };
    })
    .sort((a, b) => b.maxDimension - a.maxDimension);

/** A process's stat fields after its name, from /proc (Linux only). */
const statFields = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  } catch {
    return undefined;
  }
};

/** CPU seconds the processes have used so far (user + system, clock ticks of 100 Hz). */
const cpuSeconds = (pids) =>
  pids.reduce((sum, pid) => {
    const fields = statFields(pid);
    return fields ? sum + (Number(fields[11]) + Number(fields[12])) / 100 : sum;
  }, 0);

/** This process's children and theirs: the emulator, PostgreSQL, the functions' environments. */
const descendants = (root) => {
  const parents = new Map();
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    const fields = statFields(pid);
    if (fields) parents.set(pid, fields[1]);
  }
  const found = [];
  let frontier = [String(root)];
  while (frontier.length > 0) {
    frontier = [...parents].filter(([, parent]) => frontier.includes(parent)).map(([pid]) => pid);
    found.push(...frontier);
  }
  return found;
};

/** The processes of the stack, by part: the emulator (moto), the functions' environments, the rest. */
const stackProcesses = () => {
  const all = descendants(process.pid);
  const commandOf = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      return "";
    }
  };
  const moto = all.filter((pid) => commandOf(pid).includes("moto"));
  const functions = all.filter((pid) => commandOf(pid).includes("worker.mjs"));
  // An environment runs in its function's unpacked code (workers.ts): .../functions/<name>.
  const thumbnail = functions.filter((pid) => {
    try {
      return path.basename(readlinkSync(`/proc/${pid}/cwd`)) === "thumbnail";
    } catch {
      return false;
    }
  });
  return {
    moto,
    functions,
    thumbnail,
    other: all.filter((pid) => !moto.includes(pid) && !functions.includes(pid)),
  };
};

const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Photos a second, and CPU milliseconds a photo (this process's: sharp's threads are in it). */
const bareSharp = async (files, sizes, quality) => {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await pMap(files, (file) => bareSharpThumbnails(sharp, file.bytes, sizes, quality), {
    concurrency: os.availableParallelism(),
  });
  const cpu = process.cpuUsage(cpuBefore);
  return {
    photosPerSecond: files.length / ((performance.now() - started) / 1000),
    cpuMsPerPhoto: (cpu.user + cpu.system) / 1000 / files.length,
  };
};

const throughPipeline = async (stack, token, files) => {
  const authorization = `Bearer ${token}`;
  const started = performance.now();
  const response = await fetch(`${stack.apiUrl}/uploads`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify({
      files: files.map((file) => ({ name: file.name, contentType: "image/jpeg", size: file.bytes.length })),
    }),
  });
  const answer = await response.json();
  if (answer.uploads?.length !== files.length)
    throw new Error(
      `POST /uploads accepted ${answer.uploads?.length ?? 0} of ${files.length}: ${JSON.stringify(answer).slice(0, 300)}`,
    );
  await pMap(
    answer.uploads,
    async (upload) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(upload.upload.fields)) form.append(name, value);
      form.append("file", new Blob([files[upload.index].bytes], { type: "image/jpeg" }), upload.name);
      const sent = await fetch(upload.upload.url, { method: "POST", body: form });
      if (!sent.ok)
        throw new Error(`the presigned POST of ${upload.name} answered ${sent.status}: ${await sent.text()}`);
    },
    { concurrency: UPLOADS_AT_ONCE },
  );
  const uploadedMs = performance.now() - started;
  for (;;) {
    const batch = await (
      await fetch(`${stack.apiUrl}/batches/${answer.batchId}`, { headers: { authorization } })
    ).json();
    if (batch.processed + batch.failed >= files.length) {
      const seconds = (performance.now() - started) / 1000;
      return { photosPerSecond: files.length / seconds, seconds, uploadSeconds: uploadedMs / 1000, batch };
    }
    if (performance.now() - started > TIMEOUT_MS)
      throw new Error(
        `batch ${answer.batchId} still not done after ${TIMEOUT_MS / 1000} s: ${JSON.stringify(batch)}`,
      );
    await sleep(100);
  }
};

const main = async () => {
  const stack = await startBenchStack("pipeline", say);
  try {
    const sizes = sizesOf(stack.config.functions.thumbnail.environment.THUMBNAIL_SIZES);
    const quality = thumbnailWebpQuality();
    const token = await stack.token(`bench-pipeline-${process.pid}`);
    say("warming up: two photos through the pipeline, every corpus photo through bare sharp");
    await throughPipeline(stack, token, photos("warm-up", 2));
    await bareSharp(photos("warm-up", corpus.length), sizes, quality);

    const files = photos("run", photoCount);
    say(`bare sharp: ${photoCount} photos, ${os.availableParallelism()} at a time`);
    const bareBefore = await bareSharp(files, sizes, quality);
    say(`pipeline: ${photoCount} photos through the local stack`);
    // Where the pipeline's time goes: CPU of the emulator (a Python process), of the functions'
    // environments, and of this process (pollers, IAM gate, HTTP API, the client).
    const cpuBefore = new Map(descendants(process.pid).map((pid) => [pid, cpuSeconds([pid])]));
    const selfBefore = cpuSeconds([String(process.pid)]);
    const pipeline = await throughPipeline(stack, token, photos("pipeline", photoCount));
    // Environments started during the run count from 0.
    const used = (pids) =>
      round(
        pids.reduce((sum, pid) => sum + cpuSeconds([pid]) - (cpuBefore.get(pid) ?? 0), 0),
        1,
      );
    const parts = stackProcesses();
    const cpu = {
      moto: used(parts.moto),
      functions: used(parts.functions),
      thumbnail: used(parts.thumbnail),
      thumbnailEnvironmentsStarted: parts.thumbnail.filter((pid) => !cpuBefore.has(pid)).length,
      stack: round(used(parts.other) + cpuSeconds([String(process.pid)]) - selfBefore, 1),
    };
    say("bare sharp again");
    const bareAfter = await bareSharp(files, sizes, quality);
    const bare = (bareBefore.photosPerSecond + bareAfter.photosPerSecond) / 2;
    const ratio = pipeline.photosPerSecond / bare;
    // The work that would stay on the function's own cores on AWS: the thumbnail environments'
    // CPU a photo (their starts included) against bare sharp's for the same photos.
    const bareCpuMs = (bareBefore.cpuMsPerPhoto + bareAfter.cpuMsPerPhoto) / 2;
    const thumbnailCpuMs = (cpu.thumbnail * 1000) / photoCount;

    console.log("");
    console.log(
      `| ${photoCount} camera photos, sizes ${sizes.map((s) => `${s.name}:${s.maxDimension}`).join(",")} | photos/s | vs bare sharp (goal ${GOAL}x) |`,
    );
    console.log("| --- | --- | --- |");
    console.log(
      `| bare sharp, one process (before ${round(bareBefore.photosPerSecond)}, after ${round(bareAfter.photosPerSecond)}) | ${round(bare)} | 1.00x |`,
    );
    console.log(
      `| pipeline: POST /uploads to the last PROCESSED (uploads done after ${round(pipeline.uploadSeconds, 1)} s) | ${round(pipeline.photosPerSecond)} | ${round(ratio)}x |`,
    );
    console.log(
      `CPU during the pipeline's ${round(pipeline.seconds, 1)} s: moto ${cpu.moto} s, the functions ${cpu.functions} s (thumbnail ${cpu.thumbnail} s, ${cpu.thumbnailEnvironmentsStarted} environments started), pollers/gate/API/client ${cpu.stack} s (of ${round(pipeline.seconds * os.availableParallelism(), 1)} s on ${os.availableParallelism()} cores)`,
    );
    console.log(
      `CPU a photo: the thumbnail function ${round(thumbnailCpuMs, 0)} ms, bare sharp ${round(bareCpuMs, 0)} ms (${round(thumbnailCpuMs / bareCpuMs)}x); everything else in the stack ${round(((cpu.moto + cpu.functions - cpu.thumbnail + cpu.stack) * 1000) / photoCount, 0)} ms`,
    );
    console.log("");
    const failed = pipeline.batch.failed;
    const result = {
      name: "pipeline",
      date: new Date().toISOString(),
      machine: {
        cpus: os.availableParallelism(),
        cpu: os.cpus()[0]?.model,
        node: process.version,
        sharp: sharp.versions,
      },
      photos: photoCount,
      sizes,
      webpQuality: quality,
      bareSharp: {
        photosPerSecond: round(bare),
        before: round(bareBefore.photosPerSecond),
        after: round(bareAfter.photosPerSecond),
        cpuMsPerPhoto: round(bareCpuMs, 1),
      },
      pipeline: {
        photosPerSecond: round(pipeline.photosPerSecond),
        seconds: round(pipeline.seconds),
        uploadSeconds: round(pipeline.uploadSeconds),
        batch: pipeline.batch,
        thumbnailConcurrency: stack.pollers.get("thumbnail")?.concurrency,
        cpuSeconds: cpu,
        thumbnailCpuMsPerPhoto: round(thumbnailCpuMs, 1),
      },
      ratio: round(ratio),
      goal: GOAL,
    };
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
    say(
      `pipeline ${round(pipeline.photosPerSecond)} photos/s, bare sharp ${round(bare)}: ${round(ratio)}x (goal ${GOAL}x)${failed ? `; ${failed} FAILED` : ""} -> ${path.relative(repoRoot, resultsFile)}`,
    );
    if (failed) process.exitCode = 1;
  } finally {
    await stack.stop();
  }
};

main().catch((error) => {
  console.error(`[bench pipeline] ${error.stack ?? error}`);
  process.exit(1);
});
