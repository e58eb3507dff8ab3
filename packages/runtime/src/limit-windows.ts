/*
 * The windows per-user limits are counted in: one DynamoDB item per user and window, so a
 * window's count starts at zero by having a new key, and nothing ever has to be reset.
 */

/** A counting window: its id (part of the item's key) and the moment it ends. */
export interface LimitWindow {
  id: string;
  endsAt: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC day `now` falls in: daily quotas reset at midnight UTC, the same moment for everyone. */
export const dayWindow = (now: Date): LimitWindow => {
  const startMs = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return { id: `day#${new Date(startMs).toISOString().slice(0, 10)}`, endsAt: new Date(startMs + DAY_MS) };
};

/**
 * How long a request window lasts so that `burst` requests in one window average at most
 * `perSecond`: a burst of 20 at 10 a second is 20 requests per 2 s window. Rounded up to whole
 * seconds, so the average can only come out below the rate, never above it.
 */
export const requestWindowSeconds = (perSecond: number, burst: number): number =>
  Math.max(1, Math.ceil(burst / perSecond));

/** The request window `now` falls in; windows are aligned to the epoch, so every container agrees. */
export const requestWindow = (now: Date, seconds: number): LimitWindow => {
  const startMs = Math.floor(now.getTime() / (seconds * 1000)) * seconds * 1000;
  return { id: `requests#${startMs / 1000}`, endsAt: new Date(startMs + seconds * 1000) };
};

/**
 * The Retry-After of a refusal: whole seconds until the window ends, rounded up (a client that
 * waits exactly that long lands in the next window), and at least 1.
 */
export const retryAfterSeconds = (now: Date, window: LimitWindow): number =>
  Math.max(1, Math.ceil((window.endsAt.getTime() - now.getTime()) / 1000));
