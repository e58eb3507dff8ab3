import { createHash, randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { basename, join, relative } from "node:path";
import type { MotoEmulator, SnapshotValues } from "@shoebox/testing";

/**
 * The emulator as a full `terraform apply` of the configuration left it, recorded so that the next
 * start with the same configuration restores it instead of applying again (provision.ts).
 *
 * A record is found by a key of everything that decides what a full apply creates, and how:
 * - every file under terraform/ (state, plugins and `*_override.tf` aside, as the copy has them)
 *   and under the folders it reads beside it (asl/), except the build's output: a changed build
 *   is an update Terraform applies to the restored stack, as a deploy of new code would be;
 * - the override files the stack adds to the copy;
 * - the variables, each per-start value (below) only as being there;
 * - the emulator (moto's and Python's versions and our code around moto, as the server reports
 *   them) and Terraform's version.
 * Anything of these changed, the key is new: Terraform applies the whole configuration to an
 * empty emulator, which proves that the real configuration applies, and that apply is recorded.
 */

/**
 * Values the stack makes anew on every start, recognised by their form: a URL on this machine (the
 * API's issuer URL, the web app's origin, the delivery database: free ports) and a certificate (the
 * database's throwaway CA). The key holds only where they are; a restore puts this start's values
 * where the recorded ones were, in the emulator and in the state, as it does with the emulator's
 * own address, and Terraform checks the first restore of each record (provision.ts).
 */
export const isPerStartValue = (value: string): boolean =>
  /^[a-z][a-z0-9+.-]*:\/\/([^@/\s]*@)?(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/i.test(value) ||
  value.trimStart().startsWith("-----BEGIN CERTIFICATE-----");

/** Each per-start value in a variable's value, by its path (cors_allowed_origins[0]). */
const perStartValuesIn = (path: string, value: unknown): [string, string][] => {
  if (typeof value === "string") return isPerStartValue(value) ? [[path, value]] : [];
  if (Array.isArray(value))
    return value.flatMap((inner, index) => perStartValuesIn(`${path}[${index}]`, inner));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, inner]) => perStartValuesIn(`${path}.${key}`, inner));
  return [];
};

/** Bumped when what a record holds changes shape. */
const RECORD_FORMAT = "3";

/** Records kept per cache folder: the newest few, for switching branches back and forth. */
const KEPT_RECORDS = 3;

/** A half-written record older than this was left by a start that died; it is removed. */
const ABANDONED_AFTER_MS = 3600_000;

export interface ProvisionCacheKeyInputs {
  terraformDir: string;
  /** Other folders the configuration reads (asl/); not the build's output. */
  readFolders: string[];
  /** What the stack adds to the copy (the provider override), with the emulator's address left out. */
  overrides: string;
  variables: Record<string, unknown>;
  emulator: MotoEmulator;
  terraformVersion: string;
}

/** Whether a file of the configuration folder is one the copy applies (prepareWorkDir). */
export const isConfigurationFile = (name: string): boolean =>
  name !== ".terraform" &&
  !name.endsWith(".tfstate") &&
  !name.includes(".tfstate.") &&
  !name.endsWith("_override.tf") &&
  name !== "override.tf";

const filesUnder = (path: string): string[] => {
  if (statSync(path).isFile()) return [path];
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (!isConfigurationFile(entry.name)) continue;
      const inner = join(folder, entry.name);
      if (entry.isDirectory()) walk(inner);
      else if (entry.isFile()) files.push(inner);
    }
  };
  walk(path);
  return files;
};

/** JSON with object keys sorted, so equal values hash alike. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );

/** The variables as the key holds them: each per-start value only as being there. */
export const keyVariables = (variables: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify(variables, (_key, value: unknown) =>
      typeof value === "string" && isPerStartValue(value) ? "(per start)" : value,
    ),
  ) as Record<string, unknown>;

const sha256 = (value: string | Buffer): string => createHash("sha256").update(value).digest("hex");

/**
 * What the key is made of, one hash per part: each file (by folder name and path), the
 * overrides, each variable, the emulator, Terraform. A record keeps them, so a start that finds
 * no record can say what differs from the newest one.
 */
export const keyInputs = (inputs: ProvisionCacheKeyInputs): Record<string, string> => {
  const parts: Record<string, string> = { format: RECORD_FORMAT };
  for (const folder of [inputs.terraformDir, ...inputs.readFolders]) {
    for (const file of filesUnder(folder))
      parts[join(basename(folder), relative(folder, file))] = sha256(readFileSync(file));
  }
  parts.overrides = sha256(inputs.overrides);
  for (const [name, value] of Object.entries(keyVariables(inputs.variables)))
    parts[`variable ${name}`] = sha256(canonicalJson(value));
  parts.emulator = sha256(canonicalJson(inputs.emulator));
  parts.terraform = inputs.terraformVersion;
  return parts;
};

export const provisionCacheKey = (parts: Record<string, string>): string =>
  sha256(canonicalJson(parts)).slice(0, 32);

/** The parts two keys differ in, sorted. */
export const differingInputs = (a: Record<string, string>, b: Record<string, string>): string[] =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((name) => a[name] !== b[name]).sort();

/** This start's values that a record holds by name: the emulator's host:port and the per-start values of the variables. */
export const startValues = (endpoint: string, variables: Record<string, unknown>): SnapshotValues => ({
  address: new URL(endpoint).host,
  ...Object.fromEntries(Object.entries(variables).flatMap(([name, value]) => perStartValuesIn(name, value))),
});

/** How a string reads inside a JSON string (the CA inside the delivery secret's JSON). */
const jsonEscaped = (text: string): string => JSON.stringify(text).slice(1, -1);

/**
 * A recorded Terraform state with this start's values where the recorded ones were: in every
 * string and key, as is or JSON-escaped, as the emulator's snapshot does (snapshot.py).
 */
export const retargetState = (state: string, recorded: SnapshotValues, current: SnapshotValues): string => {
  const replacements = new Map<string, string>();
  for (const [name, value] of Object.entries(recorded)) {
    const now = current[name];
    if (now === undefined) throw new Error(`the record holds ${name}, and this start has no value for it`);
    replacements.set(value, now);
    if (!replacements.has(jsonEscaped(value))) replacements.set(jsonEscaped(value), jsonEscaped(now));
  }
  // Longest first: one value may contain another. A value ending in a digit (a port) is not
  // found inside a longer number (127.0.0.1:5000 in 127.0.0.1:50001).
  const pattern = new RegExp(
    [...replacements.keys()]
      .sort((a, b) => b.length - a.length)
      .map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + (/\d$/.test(text) ? "(?!\\d)" : ""))
      .join("|"),
    "g",
  );
  const retarget = (text: string) => text.replace(pattern, (found) => replacements.get(found) ?? found);
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return retarget(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [retarget(key), walk(inner)]));
    return value;
  };
  return `${JSON.stringify(walk(JSON.parse(state)), null, 2)}\n`;
};

export interface ProvisionRecord {
  /** The moto server's snapshot (tools/testing/moto/snapshot.py). */
  emulator: Buffer<ArrayBuffer>;
  /** terraform.tfstate after the apply. */
  state: string;
  /** The values it was made with, by name (startValues). */
  values: SnapshotValues;
  /** sha256 of the build manifest it was applied with. */
  manifest: string;
  /**
   * Terraform applied a start's own values to this record once and had nothing to change: putting
   * them in, as a restore does, gives what Terraform would. Until then every restore is applied.
   */
  verified: boolean;
  /** Resources in the state, and how long the full apply took. */
  resources: number;
  applySeconds: number;
  /** keyInputs of its key. */
  inputs: Record<string, string>;
}

type RecordFacts = Omit<ProvisionRecord, "emulator" | "state">;

const EMULATOR_FILE = "emulator.pickle";
const STATE_FILE = "terraform.tfstate";
const FACTS_FILE = "record.json";

/** Writes a file beside its place and renames it there: a reader sees all of it or none. */
const writeAtomically = (path: string, content: string | Buffer) => {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
};

/**
 * Records by key in one folder, each a folder of its own. A record is written beside its place and
 * renamed into it, so a reader sees all of one or nothing, and two stacks recording the same key at
 * once leave one of them.
 */
export class ProvisionCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  read(key: string): ProvisionRecord | undefined {
    const folder = join(this.dir, key);
    try {
      const facts = JSON.parse(readFileSync(join(folder, FACTS_FILE), "utf8")) as RecordFacts;
      const record = {
        ...facts,
        emulator: readFileSync(join(folder, EMULATOR_FILE)),
        state: readFileSync(join(folder, STATE_FILE), "utf8"),
      };
      // Used now: the newest to keep when records are pruned.
      const now = new Date();
      utimesSync(folder, now, now);
      return record;
    } catch {
      // None yet, or removed by another start's pruning while read.
      return undefined;
    }
  }

  /** Records the key, in place of any record it had. */
  write(key: string, record: ProvisionRecord): void {
    mkdirSync(this.dir, { recursive: true });
    const temporary = join(this.dir, `.${key}.${process.pid}.${randomBytes(4).toString("hex")}`);
    const old = `${temporary}.old`;
    const place = join(this.dir, key);
    mkdirSync(temporary);
    try {
      const { emulator, state, ...facts } = record;
      writeFileSync(join(temporary, EMULATOR_FILE), emulator);
      writeFileSync(join(temporary, STATE_FILE), state);
      writeFileSync(join(temporary, FACTS_FILE), `${JSON.stringify(facts, null, 2)}\n`);
      // The old record moves aside first: a folder is renamed only onto a missing one.
      if (existsSync(place)) renameSync(place, old);
      renameSync(temporary, place);
    } catch (error) {
      // Another start renamed the same key into place meanwhile: its record is as good.
      if (!existsSync(place)) throw error;
    } finally {
      for (const leftover of [temporary, old]) rmSync(leftover, { recursive: true, force: true });
    }
    this.prune();
  }

  remove(key: string): void {
    rmSync(join(this.dir, key), { recursive: true, force: true });
  }

  /** keyInputs of the most recently used record, if any. */
  newestInputs(): Record<string, string> | undefined {
    for (const { name } of this.records()) {
      try {
        return (JSON.parse(readFileSync(join(this.dir, name, FACTS_FILE), "utf8")) as RecordFacts).inputs;
      } catch {
        // removed meanwhile, or of an older format: the next one
      }
    }
    return undefined;
  }

  /** Marks a record verified (ProvisionRecord.verified). */
  markVerified(key: string): void {
    const file = join(this.dir, key, FACTS_FILE);
    const facts = JSON.parse(readFileSync(file, "utf8")) as RecordFacts;
    writeAtomically(file, `${JSON.stringify({ ...facts, verified: true }, null, 2)}\n`);
  }

  /** The folder's entries, newest first. */
  private entries(): { name: string; modified: number }[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .flatMap((name) => {
        try {
          return [{ name, modified: statSync(join(this.dir, name)).mtimeMs }];
        } catch {
          return []; // removed by another start meanwhile
        }
      })
      .sort((a, b) => b.modified - a.modified);
  }

  private records() {
    return this.entries().filter(({ name }) => !name.startsWith("."));
  }

  /** Keeps the newest records; removes half-written ones a dead start left behind. */
  private prune(): void {
    const abandoned = this.entries().filter(
      ({ name, modified }) => name.startsWith(".") && Date.now() - modified > ABANDONED_AFTER_MS,
    );
    for (const { name } of [...this.records().slice(KEPT_RECORDS), ...abandoned])
      rmSync(join(this.dir, name), { recursive: true, force: true });
  }
}
