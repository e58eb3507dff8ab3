import { describe, expect, it } from "vitest";
import { EventsLog, type StackEvent, summarizeFunctionLog } from "../src/events-log.ts";

describe("EventsLog", () => {
  it("prints lines at or above its level, and gives listeners everything", () => {
    const printed: string[] = [];
    const heard: StackEvent[] = [];
    const log = new EventsLog({ level: "info", color: false, write: (line) => printed.push(line) });
    log.on((event) => heard.push(event));
    log.debug("terraform", "hidden");
    log.info("api", "POST /uploads 201 (12 ms)", { status: 201 });
    log.warn("dlq", "1 message");
    expect(printed).toHaveLength(2);
    expect(printed[0]).toMatch(/^\d\d:\d\d:\d\d \[api\] POST \/uploads 201 \(12 ms\)$/);
    expect(heard.map((event) => event.source)).toEqual(["terraform", "api", "dlq"]);
    expect(heard[1]?.data).toEqual({ status: 201 });
  });

  it("hides what the hide filter says", () => {
    const printed: string[] = [];
    const log = new EventsLog({
      color: false,
      write: (line) => printed.push(line),
      hide: (event) => event.source === "api",
    });
    log.info("api", "GET /photos/1 200");
    log.info("thumbnail", "batch of 1: 1 ok");
    expect(printed).toHaveLength(1);
  });
});

describe("summarizeFunctionLog", () => {
  it("shortens Powertools JSON lines, without stack traces unless asked", () => {
    const line = JSON.stringify({
      level: "ERROR",
      message: "record returned to the queue",
      timestamp: "2024-01-01T00:00:00Z",
      service: "thumbnail",
      cold_start: true,
      function_request_id: "r",
      messageId: "m-1",
      error: {
        name: "TransientError",
        message: "boom",
        stack: "TransientError: boom\n at x",
        location: "x.ts:1",
      },
    });
    expect(summarizeFunctionLog(line)).toEqual({
      level: "error",
      text: 'ERROR record returned to the queue {"messageId":"m-1","error":{"name":"TransientError","message":"boom"}}',
    });
    expect(summarizeFunctionLog(line, { stacks: true }).text).toContain("TransientError: boom\\n at x");
    expect(summarizeFunctionLog(JSON.stringify({ level: "WARN", message: "w" })).level).toBe("warn");
    expect(summarizeFunctionLog(JSON.stringify({ level: "INFO", message: "i" })).level).toBe("info");
  });

  it("keeps plain text lines", () => {
    expect(summarizeFunctionLog("TypeError: x is not a function")).toEqual({
      level: "error",
      text: "TypeError: x is not a function",
    });
    expect(summarizeFunctionLog("hello")).toEqual({ level: "info", text: "hello" });
  });
});
