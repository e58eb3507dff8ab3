import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { basename } from "node:path";

/*
 * Where a peak run's CPU goes, counted by the kernel rather than guessed: every process of the
 * local stack (this process and its descendants: the emulator, each function's environments,
 * Terraform) and the PostgreSQL server the run writes to, read from /proc once a second. The
 * machine is shared, so the whole machine's busy time is read too: what is not ours is other
 * people's work competing for the same cores. Linux only; elsewhere the account is empty.
 */

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

export interface CpuAccount {
  wallSeconds: number;
  /** Cores' busy time on the whole machine (user, system, irq, steal), in CPU seconds. */
  machineBusySeconds: number;
  /** This run's processes, by component (`stack`, `moto`, `postgres`, `fn:<function>`, ...), CPU seconds. */
  components: Record<string, number>;
  /** Sum of the components. */
  oursSeconds: number;
  cores: number;
}

interface ProcessStat {
  ppid: number;
  /** utime + stime, in ticks. */
  ticks: number;
}

/** `/proc/<pid>/stat`: the command name is in parentheses and may hold spaces, so fields count from the last `)`. */
export const parseProcessStat = (text: string): ProcessStat => {
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // After the name: state(0) ppid(1) ... utime(11) stime(12).
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
};

/** Busy and total ticks of all cores, from the first line of /proc/stat. */
export const parseMachineStat = (text: string): { busy: number; total: number } => {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = (text.split("\n")[0] ?? "")
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return { busy, total: busy + (idle ?? 0) + (iowait ?? 0) };
};

/**
 * The component a descendant of the stack's process is, from its command line and working
 * directory: a function environment runs worker.mjs in the function's unpacked code folder.
 */
export const componentOf = (commandLine: string, workingDirectory: string): string => {
  if (commandLine.includes("devstack/src/worker.mjs")) return `fn:${basename(workingDirectory)}`;
  if (commandLine.includes("moto/server.py")) return "moto";
  if (/\bterraform\b/.test(commandLine)) return "terraform";
  if (commandLine.startsWith("postgres")) return "postgres";
  return "other children";
};

const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
};

const commandLineOf = (pid: number): string =>
  (readText(`/proc/${pid}/cmdline`) ?? "").replaceAll("\0", " ").trim();

const workingDirectoryOf = (pid: number): string => {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return "";
  }
};

export interface ProcessCpuWatch {
  /** The account since the watch started; the watch goes on until `stop`. */
  read(): CpuAccount;
  stop(): CpuAccount;
}

/**
 * Counts the CPU time of `rootPid` (the stack's process, `stack`) and its descendants, and of
 * the PostgreSQL server listening on `postgresPort` (it runs detached from us), from now on.
 * A process that exits loses at most one interval of its time.
 *
 * @example
 * const cpu = watchProcessCpu({ rootPid: process.pid, postgresPort: 5432 });
 * // ... the run ...
 * const { components } = cpu.stop(); // { stack: 61.2, moto: 40.1, "fn:thumbnail": 55.3, ... }
 */
export const watchProcessCpu = (options: {
  rootPid: number;
  postgresPort?: number;
  intervalMs?: number;
  cores: number;
}): ProcessCpuWatch => {
  const startedAt = Date.now();
  const machineAtStart = parseMachineStat(readText("/proc/stat") ?? "");
  let machineLast = machineAtStart;
  /** Ours, by pid: component, ticks at the first sample (0 for a process born since), ticks last seen. */
  const seen = new Map<number, { component: string; first: number; last: number }>();
  /** CPU seconds of ours that have exited, by component (their pid may be reused). */
  const exited: Record<string, number> = {};
  /**
   * The parent of every process that showed up, read once: a sample then reads the stat of new
   * processes and of ours only, not of the hundreds of others on a shared machine.
   */
  const parents = new Map<number, number>();
  let firstSample = true;
  let postmaster: number | undefined;

  const isOurPostmaster = (pid: number): boolean => {
    const line = commandLineOf(pid);
    return /\/postgres\s/.test(line) && line.includes(` -p ${options.postgresPort} `);
  };
  const descendsFromUs = (pid: number): boolean => {
    for (let at: number | undefined = pid, depth = 0; at && depth < 32; depth++) {
      if (at === options.rootPid || at === postmaster) return true;
      at = parents.get(at);
    }
    return false;
  };
  const readStat = (pid: number): ProcessStat | undefined => {
    const text = readText(`/proc/${pid}/stat`);
    return text ? parseProcessStat(text) : undefined;
  };

  const sample = () => {
    let pids: number[];
    try {
      // Ascending, so a parent born in the same interval is known before its children.
      pids = readdirSync("/proc")
        .filter((name) => /^\d+$/.test(name))
        .map(Number)
        .sort((a, b) => a - b);
    } catch {
      return;
    }
    const alive = new Set(pids);
    for (const pid of parents.keys()) {
      if (alive.has(pid)) continue;
      parents.delete(pid);
      const gone = seen.get(pid);
      if (!gone) continue;
      exited[gone.component] = (exited[gone.component] ?? 0) + (gone.last - gone.first) / TICKS_PER_SECOND;
      seen.delete(pid);
    }
    // The server runs detached (its parent is init); found by its port, again after a restart.
    const lookForPostmaster =
      options.postgresPort !== undefined && (postmaster === undefined || !alive.has(postmaster));
    for (const pid of pids) {
      const known = seen.get(pid);
      if (known) {
        known.last = Math.max(known.last, readStat(pid)?.ticks ?? known.last);
        continue;
      }
      if (parents.has(pid)) continue;
      const stat = readStat(pid);
      if (!stat) continue;
      parents.set(pid, stat.ppid);
      if (lookForPostmaster && isOurPostmaster(pid)) postmaster = pid;
      if (!descendsFromUs(pid)) continue;
      const component =
        pid === options.rootPid
          ? "stack"
          : pid === postmaster
            ? "postgres"
            : componentOf(commandLineOf(pid), workingDirectoryOf(pid));
      seen.set(pid, { component, first: firstSample ? stat.ticks : 0, last: stat.ticks });
    }
    const machine = readText("/proc/stat");
    if (machine) machineLast = parseMachineStat(machine);
    firstSample = false;
  };

  const account = (): CpuAccount => {
    const components: Record<string, number> = { ...exited };
    for (const { component, first, last } of seen.values())
      components[component] = (components[component] ?? 0) + (last - first) / TICKS_PER_SECOND;
    const rounded = Object.fromEntries(
      Object.entries(components)
        .sort(([, a], [, b]) => b - a)
        .map(([name, seconds]) => [name, Math.round(seconds * 10) / 10]),
    );
    return {
      wallSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
      machineBusySeconds: Math.round((machineLast.busy - machineAtStart.busy) / TICKS_PER_SECOND),
      components: rounded,
      oursSeconds: Math.round(Object.values(components).reduce((sum, seconds) => sum + seconds, 0) * 10) / 10,
      cores: options.cores,
    };
  };

  sample();
  const timer = setInterval(sample, options.intervalMs ?? 1000);
  timer.unref();
  return {
    read: () => {
      sample();
      return account();
    },
    stop: () => {
      clearInterval(timer);
      sample();
      return account();
    },
  };
};
