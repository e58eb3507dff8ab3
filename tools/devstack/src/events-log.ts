/**
 * What the local stack prints while it runs: one readable line per thing that happens,
 * e.g. `[api] POST /uploads 201 (45 ms)`, `[thumbnail] batch of 3: 3 ok`, `[dlq] ...`.
 * Every line also goes to the listeners (the demo counts and the tests assert on them).
 */
export type Level = "debug" | "info" | "warn" | "error";

export interface StackEvent {
  time: Date;
  source: string;
  level: Level;
  message: string;
  data?: Record<string, unknown>;
}

export interface EventsLogOptions {
  /** Lowest level printed (listeners get everything). Default info. */
  level?: Level;
  write?: (line: string) => void;
  color?: boolean;
  /** Events not to print (listeners still get them), e.g. the demo's status polling. */
  hide?: (event: StackEvent) => boolean;
}

const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const COLORS = [36, 35, 33, 32, 34, 96, 95, 93, 92, 94];
const LEVEL_COLORS: Partial<Record<Level, number>> = { warn: 33, error: 31 };

export class EventsLog {
  private readonly listeners = new Set<(event: StackEvent) => void>();
  private readonly sourceColors = new Map<string, number>();
  private level: Level;
  private readonly write: (line: string) => void;
  private readonly color: boolean;
  private readonly hide: ((event: StackEvent) => boolean) | undefined;

  constructor(options: EventsLogOptions = {}) {
    this.level = options.level ?? "info";
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.color = options.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
    this.hide = options.hide;
  }

  setLevel(level: Level): void {
    this.level = level;
  }

  on(listener: (event: StackEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private paint(code: number, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  emit(source: string, level: Level, message: string, data?: Record<string, unknown>): void {
    const event: StackEvent = { time: new Date(), source, level, message, ...(data ? { data } : {}) };
    for (const listener of this.listeners) listener(event);
    if (ORDER[level] < ORDER[this.level] || this.hide?.(event)) return;
    if (!this.sourceColors.has(source))
      this.sourceColors.set(source, COLORS[this.sourceColors.size % COLORS.length] ?? 36);
    const time = event.time.toISOString().slice(11, 19);
    const tag = this.paint(this.sourceColors.get(source) ?? 36, `[${source}]`);
    const levelColor = LEVEL_COLORS[level];
    const text = levelColor ? this.paint(levelColor, message) : message;
    this.write(`${this.paint(90, time)} ${tag} ${text}`);
  }

  debug(source: string, message: string, data?: Record<string, unknown>): void {
    this.emit(source, "debug", message, data);
  }
  info(source: string, message: string, data?: Record<string, unknown>): void {
    this.emit(source, "info", message, data);
  }
  warn(source: string, message: string, data?: Record<string, unknown>): void {
    this.emit(source, "warn", message, data);
  }
  error(source: string, message: string, data?: Record<string, unknown>): void {
    this.emit(source, "error", message, data);
  }
}

/**
 * A function's own log line (Powertools JSON, or plain text) as one short line, with its level:
 * `INFO thumbnail written {"photoId":"..."}`.
 */
export const summarizeFunctionLog = (
  line: string,
  options: { stacks?: boolean } = {},
): { level: Level; text: string } => {
  const trimmed = line.trim();
  if (trimmed.startsWith("{")) {
    try {
      const record = JSON.parse(trimmed) as Record<string, unknown>;
      const rawLevel = String(record.level ?? record.levelname ?? "INFO").toUpperCase();
      const level: Level =
        rawLevel.startsWith("ERR") || rawLevel === "CRITICAL"
          ? "error"
          : rawLevel.startsWith("WARN")
            ? "warn"
            : rawLevel === "DEBUG"
              ? "debug"
              : "info";
      const message = String(record.message ?? record.msg ?? "");
      const {
        level: _l,
        message: _m,
        timestamp: _t,
        service: _s,
        sampling_rate: _r,
        xray_trace_id: _x,
        function_arn: _a,
        function_memory_size: _mem,
        function_name: _n,
        function_request_id: _id,
        cold_start: _c,
        ...rest
      } = record;
      // Stack traces and source locations make one line unreadable; --verbose keeps them.
      const drop = (key: string, value: unknown) =>
        !options.stacks && (key === "stack" || key === "location") ? undefined : value;
      const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest, drop)}` : "";
      return { level, text: `${rawLevel} ${message}${extra}`.slice(0, 2000) };
    } catch {
      // not JSON after all
    }
  }
  const level: Level = /\b(ERROR|Error:|TypeError|ReferenceError)\b/.test(trimmed)
    ? "error"
    : /\bWARN/.test(trimmed)
      ? "warn"
      : "info";
  return { level, text: trimmed.slice(0, 2000) };
};
