import { startMoto } from "@shoebox/testing";
import type { EventsLog } from "../events-log.ts";

/**
 * The emulator: the one at `endpoint` when it is already running (left running at the end), else
 * a moto server started for the stack.
 */
export const startEmulator = async (
  log: EventsLog,
  endpoint: string | undefined,
): Promise<{ endpoint: string; stop: () => Promise<void> }> => {
  if (endpoint) return { endpoint, stop: async () => {} };
  log.info("moto", "starting the emulator");
  const moto = await startMoto();
  log.info("moto", `listening on ${moto.endpoint}`);
  for (const patch of moto.patches) log.info("moto", `patched: ${patch}`);
  const stop = async () => {
    await moto.stop();
    log.info("moto", "stopped");
  };
  return { endpoint: moto.endpoint, stop };
};
