import { describe, expect, it } from "vitest";
import { dayWindow, requestWindow, requestWindowSeconds, retryAfterSeconds } from "../src/limit-windows.ts";

const at = (iso: string) => new Date(iso);

describe("dayWindow", () => {
  it("is the UTC day, ending at the next midnight UTC", () => {
    expect(dayWindow(at("2026-11-24T10:15:00.000Z"))).toEqual({
      id: "day#2026-11-24",
      endsAt: at("2026-11-25T00:00:00.000Z"),
    });
  });

  it("starts a new window at midnight exactly, and keeps the old one up to the last millisecond", () => {
    expect(dayWindow(at("2026-11-24T23:59:59.999Z")).id).toBe("day#2026-11-24");
    expect(dayWindow(at("2026-11-25T00:00:00.000Z")).id).toBe("day#2026-11-25");
  });

  it("crosses months and years", () => {
    expect(dayWindow(at("2026-12-31T23:00:00.000Z")).endsAt).toEqual(at("2027-01-01T00:00:00.000Z"));
  });
});

describe("requestWindowSeconds", () => {
  it.each([
    [10, 10, 1],
    [10, 20, 2],
    [3, 10, 4],
    [1, 25, 25],
    [50, 10, 1],
  ])("at %i a second with a burst of %i, a window lasts %i s", (perSecond, burst, seconds) => {
    expect(requestWindowSeconds(perSecond, burst)).toBe(seconds);
  });

  it("never lets a full window average more than the rate", () => {
    for (const [perSecond, burst] of [
      [3, 10],
      [7, 20],
      [10, 25],
    ] as const) {
      expect(burst / requestWindowSeconds(perSecond, burst)).toBeLessThanOrEqual(perSecond);
    }
  });
});

describe("requestWindow", () => {
  it("is aligned to the epoch, so every container counts in the same window", () => {
    // 1795514400 is a multiple of 2 and of 25.
    expect(requestWindow(at("2026-11-24T10:00:01.500Z"), 2)).toEqual({
      id: "requests#1795514400",
      endsAt: at("2026-11-24T10:00:02.000Z"),
    });
    expect(requestWindow(at("2026-11-24T10:00:24.999Z"), 25).id).toBe("requests#1795514400");
    expect(requestWindow(at("2026-11-24T10:00:25.000Z"), 25).id).toBe("requests#1795514425");
  });
});

describe("retryAfterSeconds", () => {
  it("rounds up to whole seconds, so waiting that long lands in the next window", () => {
    const window = dayWindow(at("2026-11-24T10:00:00.000Z"));
    expect(retryAfterSeconds(at("2026-11-24T23:59:58.001Z"), window)).toBe(2);
    expect(retryAfterSeconds(at("2026-11-24T00:00:00.000Z"), window)).toBe(86_400);
    expect(retryAfterSeconds(at("2026-11-24T10:00:00.000Z"), window)).toBe(50_400);
  });

  it("is at least 1, even at the window's last moment", () => {
    const window = requestWindow(at("2026-11-24T10:00:01.000Z"), 2);
    expect(retryAfterSeconds(at("2026-11-24T10:00:01.9999Z"), window)).toBe(1);
    expect(retryAfterSeconds(window.endsAt, window)).toBe(1);
  });
});
