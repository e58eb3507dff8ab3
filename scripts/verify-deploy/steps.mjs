/*
 * verify-deploy's steps: each runs under its own timeout, says how it went on stderr, and is
 * recorded as { name, ms, ok, error? } for the JSON line. The first failure ends the run: every
 * step needs the ones before it.
 */

/** An error as one sentence, with its cause (fetch says "fetch failed" and puts why in the cause). */
const describeError = (error) => {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
};

/** A step that failed; its record already holds why. */
export class StepFailed extends Error {
  constructor(step, message) {
    super(`${step}: ${message}`);
    this.name = "StepFailed";
    this.step = step;
  }
}

/**
 * Runs steps one after another and records them.
 *
 * @example
 * const steps = new Steps((line) => process.stderr.write(`${line}\n`));
 * const photo = await steps.run("photo processed", 60_000, (signal, observe) => waitForPhoto(signal, observe));
 * steps.records; // [{ name: "photo processed", ms: 4120, ok: true }]
 */
export class Steps {
  records = [];

  /** @param {(line: string) => void} progress */
  constructor(progress) {
    this.progress = progress;
  }

  /**
   * Runs `act(signal, observe)`: `signal` aborts at the timeout (pass it to fetch and sleeps),
   * `observe(text)` says what the step sees while it waits, printed when it changes and named
   * in the error if the time runs out.
   */
  async run(name, timeoutMs, act) {
    const started = performance.now();
    const signal = AbortSignal.timeout(timeoutMs);
    let seen;
    const observe = (text) => {
      if (text !== seen) this.progress(`  ${name}: ${text}`);
      seen = text;
    };
    const ms = () => Math.round(performance.now() - started);
    try {
      const value = await act(signal, observe);
      this.records.push({ name, ms: ms(), ok: true });
      this.progress(`ok   ${name} (${ms()} ms)`);
      return value;
    } catch (error) {
      const message = signal.aborted
        ? `no result within ${timeoutMs / 1000} s${seen ? ` (last seen: ${seen})` : ""}`
        : describeError(error);
      this.records.push({ name, ms: ms(), ok: false, error: message });
      this.progress(`FAIL ${name} (${ms()} ms): ${message}`);
      throw new StepFailed(name, message);
    }
  }
}
