import type { WriteResult } from "@shoebox/pg-delivery";

export interface ProgressCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/**
 * What the agent has done, printed as one line every `intervalMs` while there is news, and
 * as a final line on stop. Problems are printed as they happen.
 */
export class Progress {
  readonly counts: ProgressCounts = { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  readonly #print: (line: string) => void;
  #timer: NodeJS.Timeout | undefined;
  #lastPrinted = "";

  constructor(print: (line: string) => void = (line) => console.log(line)) {
    this.#print = print;
  }

  delivered(result: WriteResult): void {
    this.counts[result]++;
  }

  rejected(messageId: string | undefined, reason: string): void {
    this.counts.rejected++;
    this.#print(`delivery-agent: message ${messageId} left for the DLQ: ${reason}`);
  }

  problem(message: string): void {
    this.#print(`delivery-agent: ${message}`);
  }

  line(): string {
    const { inserted, updated, unchanged, rejected } = this.counts;
    return `${inserted + updated + unchanged} delivered (${inserted} inserted, ${updated} updated, ${unchanged} already present), ${rejected} rejected`;
  }

  start(intervalMs = 10_000): void {
    this.#timer = setInterval(() => {
      const line = this.line();
      if (line !== this.#lastPrinted) this.#print(`delivery-agent: ${line}`);
      this.#lastPrinted = line;
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
