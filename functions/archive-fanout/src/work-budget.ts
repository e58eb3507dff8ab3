import type { InvocationLimits } from "./config.ts";

/**
 * The work one invocation does on an archive, in bytes: fetched from S3 (counted by the
 * reader, central directory included), inflated, and written as uploads. It goes on the batch
 * item with each progress write, so the archive's work budget holds across invocations.
 *
 * @example
 * const meter = new WorkMeter(() => reader.fetchedBytes);
 * meter.add({ inflatedBytes: 1000, writtenBytes: 1000 });
 * await recordEntries(..., { ...tally, workBytes: meter.takeUnrecorded() }, ...);
 */
export class WorkMeter {
  private inflatedAndWritten = 0;
  private recorded = 0;
  private readonly fetchedBytes: () => number;

  constructor(fetchedBytes: () => number) {
    this.fetchedBytes = fetchedBytes;
  }

  add(work: { inflatedBytes: number; writtenBytes: number }): void {
    this.inflatedAndWritten += work.inflatedBytes + work.writtenBytes;
  }

  /** All the work of this invocation so far. */
  get total(): number {
    return this.fetchedBytes() + this.inflatedAndWritten;
  }

  /** The work since the last takeUnrecorded. */
  get unrecorded(): number {
    return this.total - this.recorded;
  }

  /** Returns the work since the last call, which from now on counts as recorded. */
  takeUnrecorded(): number {
    const unrecorded = this.unrecorded;
    this.recorded += unrecorded;
    return unrecorded;
  }
}

/**
 * One invocation's share of an archive: once it is spent the invocation records its progress
 * and hands the rest to a new message, so that other archives get their turn.
 *
 * @example
 * const share = new InvocationShare(config.invocation);
 * if (share.spent(meter.total)) await continueLater();
 */
export class InvocationShare {
  private readonly startedAt: number;
  private readonly limits: InvocationLimits;
  private readonly now: () => number;

  constructor(limits: InvocationLimits, now: () => number = () => performance.now()) {
    this.limits = limits;
    this.now = now;
    this.startedAt = now();
  }

  spent(workBytes: number): boolean {
    return (
      workBytes >= this.limits.maxWorkBytes || this.now() - this.startedAt >= this.limits.maxSeconds * 1000
    );
  }
}
