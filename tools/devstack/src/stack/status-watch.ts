import type { EventsLog } from "../events-log.ts";
import type { LocalStatus } from "./status.ts";
import { statusLine } from "./status-view.ts";

/**
 * Reads the status every `everyMs` and logs its one-line summary when it differs from the last
 * one logged, so a quiet stack prints nothing. Returns how to stop.
 */
export const watchStatus = (
  read: () => Promise<LocalStatus>,
  log: EventsLog,
  everyMs: number,
): (() => Promise<void>) => {
  let last = "";
  let reading: Promise<void> | undefined;
  const tick = async () => {
    try {
      const line = statusLine(await read());
      if (line !== last) log.info("status", line);
      last = line;
    } catch (error) {
      log.debug("status", `status unreadable: ${(error as Error).message}`);
    }
  };
  const timer = setInterval(() => {
    // A tick while the last read still runs is skipped: reads must not pile up on a busy machine.
    reading ??= tick().finally(() => {
      reading = undefined;
    });
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await reading;
  };
};
