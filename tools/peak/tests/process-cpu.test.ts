import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { componentOf, parseMachineStat, parseProcessStat, watchProcessCpu } from "../src/process-cpu.ts";

describe("parseProcessStat", () => {
  it("reads the parent and the CPU ticks after a command name with spaces and parentheses", () => {
    // Prepare: a real /proc/<pid>/stat line, with a name that would break a split on spaces
    const line =
      "4242 (node (vitest 1)) S 4200 4242 4200 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 11 0 100 0 0";

    // Act
    const stat = parseProcessStat(line);

    // Assert
    expect(stat).toEqual({ ppid: 4200, ticks: 1234 + 567 });
  });
});

describe("parseMachineStat", () => {
  it("counts user, nice, system, irq, softirq and steal as busy; idle and iowait are not", () => {
    const stat = parseMachineStat("cpu  100 5 50 1000 20 3 2 7 0 0\ncpu0 50 2 25 500 10 1 1 3 0 0\n");

    expect(stat).toEqual({ busy: 100 + 5 + 50 + 3 + 2 + 7, total: 100 + 5 + 50 + 3 + 2 + 7 + 1000 + 20 });
  });
});

describe("componentOf", () => {
  it("names a function environment by the folder its code was unpacked to", () => {
    expect(
      componentOf(
        "/work/main/.tools/node_modules/node/bin/node --max-old-space-size=921 /work/main/tools/devstack/src/worker.mjs",
        "/work/main/.local/peak/functions/receipt-reader",
      ),
    ).toBe("fn:receipt-reader");
  });

  it("tells moto, Terraform and PostgreSQL's backends apart from anything else", () => {
    expect(componentOf("/work/main/.venv/bin/python /work/main/tools/testing/moto/server.py -p 1", "/")).toBe(
      "moto",
    );
    expect(componentOf("terraform apply -auto-approve", "/")).toBe("terraform");
    expect(componentOf("postgres: postgres shoebox 127.0.0.1(38476) idle", "/")).toBe("postgres");
    expect(componentOf("sleep 1", "/")).toBe("other children");
  });
});

describe.runIf(process.platform === "linux")("watchProcessCpu", () => {
  it("counts the CPU a child of the watched process burns, and the watcher's own process", async () => {
    // Prepare: watch this process, then start a child that burns 500 ms of CPU (not of wall
    // time: on a busy machine it may wait for a core)
    const watch = watchProcessCpu({ rootPid: process.pid, cores: 2, intervalMs: 100 });
    const child = spawn(process.execPath, [
      "-e",
      "while (process.cpuUsage().user + process.cpuUsage().system < 500_000);",
    ]);

    // Act: the child exits before the watch stops, so its time comes from its last sample,
    // which misses at most one interval of it
    await once(child, "exit");
    const account = watch.stop();

    // Assert
    expect(account.components["other children"]).toBeGreaterThanOrEqual(0.35);
    expect(account.components.stack).toBeGreaterThanOrEqual(0);
    expect(account.oursSeconds).toBeGreaterThanOrEqual(account.components["other children"] ?? 0);
    expect(account.machineBusySeconds).toBeGreaterThanOrEqual(0);
    expect(account.wallSeconds).toBeGreaterThanOrEqual(0.4);
  });
});
