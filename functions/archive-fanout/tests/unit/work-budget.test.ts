import { describe, expect, it } from "vitest";
import { InvocationShare, WorkMeter } from "../../src/work-budget.ts";

describe("WorkMeter", () => {
  it("counts bytes fetched, inflated and written, and hands each byte to one progress write", () => {
    // Prepare
    let fetched = 1000;
    const meter = new WorkMeter(() => fetched);

    // Act
    meter.add({ inflatedBytes: 300, writtenBytes: 300 });
    const first = meter.takeUnrecorded();
    fetched += 50;
    meter.add({ inflatedBytes: 20, writtenBytes: 0 });

    // Assess
    expect(first).toBe(1600);
    expect(meter.unrecorded).toBe(70);
    expect(meter.total).toBe(1670);
    expect(meter.takeUnrecorded()).toBe(70);
    expect(meter.unrecorded).toBe(0);
  });
});

describe("InvocationShare", () => {
  const limits = { maxSeconds: 30, maxWorkBytes: 1000, continuationDelaySeconds: 0 };

  it("is spent after maxSeconds, by the clock it is given", () => {
    let now = 5_000;
    const share = new InvocationShare(limits, () => now);

    now += 29_999;
    expect(share.spent(0)).toBe(false);
    now += 1;
    expect(share.spent(0)).toBe(true);
  });

  it("is spent after maxWorkBytes of work, however quickly", () => {
    const share = new InvocationShare(limits, () => 0);

    expect(share.spent(999)).toBe(false);
    expect(share.spent(1000)).toBe(true);
  });
});
