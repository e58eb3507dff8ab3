import type { EventsLog } from "../events-log.ts";

/**
 * How the stack stops: each start-up step adds how to undo itself, and stopping undoes them
 * newest first, so nothing stops while something started after it still uses it. A step that
 * fails to stop is logged and the rest still run: a half-stopped stack would leak processes.
 */
export class Shutdown {
  private readonly log: EventsLog;
  private readonly steps: Array<() => Promise<void>> = [];

  constructor(log: EventsLog) {
    this.log = log;
  }

  add(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const stop of this.steps.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        this.log.warn("stack", `shutdown step failed: ${(error as Error).message}`);
      }
    }
  }
}
