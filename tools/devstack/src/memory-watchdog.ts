import { readFileSync } from "node:fs";

/** How often an environment's memory is read while it runs an invocation. */
const SAMPLE_INTERVAL_MS = 25;

/**
 * The resident memory of a process in bytes (Linux: VmRSS in /proc/<pid>/status), native
 * allocations included: libvips' pixel buffers are not on the JavaScript heap, so a heap limit
 * (--max-old-space-size) alone never sees them. Undefined once the process is gone.
 *
 * Read synchronously: the stack reads it every 25 ms for each running invocation, and a procfs
 * read costs about 13 us of CPU this way against 100-180 us through fs/promises (four thread
 * pool round trips and their promises), which at a peak's dozen invocations was 5-8 % of a core.
 */
export const residentBytes = (pid: number): number | undefined => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
};

export interface MemoryWatch {
  /** The most resident memory seen so far, in bytes (Lambda's "Max Memory Used"). */
  readonly peakBytes: number;
  stop(): void;
}

/**
 * Watches a process's resident memory against a limit, the way Lambda holds an execution
 * environment to its configured memory: past the limit, `onExceeded` is called once (the pool
 * kills the environment and fails the invocation with Runtime.OutOfMemory). Sampling can miss
 * a spike shorter than SAMPLE_INTERVAL_MS; decoding an image that could exceed the limit takes
 * far longer than that.
 *
 * @example
 * const watch = watchMemory(child.pid, 1024 * 1024 * 1024, () => child.kill("SIGKILL"));
 */
export const watchMemory = (
  pid: number,
  limitBytes: number,
  onExceeded: (bytes: number) => void,
): MemoryWatch => {
  let peakBytes = 0;
  let stopped = false;
  const sample = () => {
    if (stopped) return;
    const bytes = residentBytes(pid);
    if (bytes === undefined) return;
    peakBytes = Math.max(peakBytes, bytes);
    if (bytes > limitBytes) {
      stopped = true;
      clearInterval(timer);
      onExceeded(bytes);
    }
  };
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  // The first reading once the caller has recorded the invocation this watch belongs to.
  queueMicrotask(sample);
  return {
    get peakBytes() {
      return peakBytes;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
};
