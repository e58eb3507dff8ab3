import { appendFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";

/** One structured log line of a function, as it printed it, with the function's name. */
export interface FunctionLogLine {
  function: string;
  level?: string;
  message?: string;
  correlationId?: string;
  [key: string]: unknown;
}

/*
 * What CloudWatch Logs would hold: every JSON line the functions print, with the function's
 * name, appended to one file per stack (a line that is not JSON is kept as its message). A person
 * follows one upload with `jq 'select(.correlationId == "…")' <file>`, as the runbook's Logs
 * Insights query does on AWS; a test reads the same lines.
 */
export class FunctionLogs {
  readonly file: string;

  constructor(file: string) {
    this.file = file;
    mkdirSync(dirname(file), { recursive: true });
    rmSync(file, { force: true });
  }

  append(functionName: string, line: string): void {
    const trimmed = line.trim();
    if (!trimmed) return;
    let record: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(trimmed);
      record =
        parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : { message: trimmed };
    } catch {
      record = { message: trimmed };
    }
    appendFileSync(this.file, `${JSON.stringify({ function: functionName, ...record })}\n`);
  }

  /** Every line so far that carries this correlation id, in the order they were written. */
  withCorrelationId(correlationId: string): FunctionLogLine[] {
    return readFileSync(this.file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as FunctionLogLine)
      .filter((line) => line.correlationId === correlationId);
  }
}
