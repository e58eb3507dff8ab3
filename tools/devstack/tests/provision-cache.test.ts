import { cpSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  differingInputs,
  isPerStartValue,
  keyInputs,
  ProvisionCache,
  type ProvisionCacheKeyInputs,
  type ProvisionRecord,
  provisionCacheKey,
  retargetState,
  startValues,
} from "../src/provision-cache.ts";

const fixture = join(import.meta.dirname, "fixtures", "provision", "terraform");
const CA = "-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n";

/** The fixture configuration copied, so a test can change it. */
const configuration = (): string => {
  const dir = join(mkdtempSync(join(tmpdir(), "devstack-key-")), "terraform");
  cpSync(fixture, dir, { recursive: true });
  return dir;
};

const inputs = (terraformDir: string, variables: Record<string, unknown> = {}): ProvisionCacheKeyInputs => ({
  terraformDir,
  readFolders: [],
  overrides: "# overrides",
  variables: {
    environment: "local",
    jwt_issuer: "http://127.0.0.1:7001",
    delivery_database_url: "postgres://postgres@127.0.0.1:7002/shoebox",
    delivery_database_ca_certificate: CA,
    cors_allowed_origins: ["http://127.0.0.1:7003"],
    ...variables,
  },
  emulator: { moto: "5.2.5", python: "3.11.7", code: "c0de" },
  terraformVersion: "1.11.4",
});
const keyOf = (keyed: ProvisionCacheKeyInputs) => provisionCacheKey(keyInputs(keyed));

const record = (facts: Partial<ProvisionRecord> = {}): ProvisionRecord => ({
  emulator: Buffer.from("snapshot"),
  state: "{}",
  values: { address: "127.0.0.1:5000" },
  manifest: "m",
  verified: false,
  resources: 1,
  applySeconds: 1,
  inputs: {},
  ...facts,
});

describe("the key of a record", () => {
  it("is the same for another start: other ports, another CA", () => {
    const dir = configuration();
    expect(
      keyOf(
        inputs(dir, {
          jwt_issuer: "http://127.0.0.1:8001",
          delivery_database_url: "postgres://postgres@localhost:8002/shoebox",
          delivery_database_ca_certificate:
            "-----BEGIN CERTIFICATE-----\nT1RIRVI=\n-----END CERTIFICATE-----\n",
          cors_allowed_origins: ["http://localhost:8003"],
        }),
      ),
    ).toBe(keyOf(inputs(dir)));
  });

  it("changes with a file of the configuration, and says which", () => {
    const dir = configuration();
    const before = keyInputs(inputs(dir));
    writeFileSync(join(dir, "main.tf"), "# changed\n", { flag: "a" });
    const after = keyInputs(inputs(dir));
    expect(provisionCacheKey(after)).not.toBe(provisionCacheKey(before));
    expect(differingInputs(before, after)).toEqual(["terraform/main.tf"]);
  });

  it("changes with a variable that is not per start, one more origin, the emulator or Terraform", () => {
    const dir = configuration();
    const base = inputs(dir);
    const changed: ProvisionCacheKeyInputs[] = [
      inputs(dir, { environment: "other" }),
      inputs(dir, { cors_allowed_origins: ["http://127.0.0.1:7003", "http://127.0.0.1:7004"] }),
      inputs(dir, { delivery_database_url: "" }),
      { ...base, emulator: { ...base.emulator, code: "other" } },
      { ...base, terraformVersion: "1.12.0" },
      { ...base, overrides: "# other overrides" },
    ];
    expect(changed.map((keyed) => differingInputs(keyInputs(base), keyInputs(keyed)))).toEqual([
      ["variable environment"],
      ["variable cors_allowed_origins"],
      ["variable delivery_database_url"],
      ["emulator"],
      ["terraform"],
      ["overrides"],
    ]);
  });

  it("tells per-start values by their form", () => {
    for (const value of [
      "http://127.0.0.1:7001",
      "postgres://postgres@127.0.0.1:5432/shoebox",
      "http://localhost",
      CA,
    ])
      expect(isPerStartValue(value), value).toBe(true);
    for (const value of [
      "https://issuer.example.com",
      "local",
      "postgres://db.example.com/shoebox",
      "127.0.0.1",
    ])
      expect(isPerStartValue(value), value).toBe(false);
  });
});

describe("a restore's values", () => {
  it("are the emulator's address and the per-start values, by where they are", () => {
    expect(startValues("http://127.0.0.1:5000", inputs(configuration()).variables)).toEqual({
      address: "127.0.0.1:5000",
      jwt_issuer: "http://127.0.0.1:7001",
      delivery_database_url: "postgres://postgres@127.0.0.1:7002/shoebox",
      delivery_database_ca_certificate: CA,
      "cors_allowed_origins[0]": "http://127.0.0.1:7003",
    });
  });

  it("replace the recorded ones in a state, in strings, JSON inside strings and keys", () => {
    const recorded = { address: "127.0.0.1:5000", ca: CA };
    const current = {
      address: "127.0.0.1:6000",
      ca: "-----BEGIN CERTIFICATE-----\nTkVX\n-----END CERTIFICATE-----\n",
    };
    const state = JSON.stringify({
      outputs: { queue: { value: "http://127.0.0.1:5000/123456789012/uploads" } },
      secret: JSON.stringify({ caCertificate: CA }),
      "http://127.0.0.1:5000": 1,
      untouched: "127.0.0.1:50001",
    });
    expect(JSON.parse(retargetState(state, recorded, current))).toEqual({
      outputs: { queue: { value: "http://127.0.0.1:6000/123456789012/uploads" } },
      secret: JSON.stringify({ caCertificate: current.ca }),
      "http://127.0.0.1:6000": 1,
      untouched: "127.0.0.1:50001",
    });
  });
});

describe("ProvisionCache", () => {
  it("finds a record by its key only: a changed configuration misses", () => {
    const cache = new ProvisionCache(mkdtempSync(join(tmpdir(), "devstack-cache-")));
    const dir = configuration();
    const key = keyOf(inputs(dir));
    cache.write(key, record({ inputs: keyInputs(inputs(dir)) }));
    expect(cache.read(key)?.emulator.toString()).toBe("snapshot");

    writeFileSync(join(dir, "main.tf"), "# changed\n", { flag: "a" });
    expect(cache.read(keyOf(inputs(dir)))).toBeUndefined();
    expect(differingInputs(cache.newestInputs() ?? {}, keyInputs(inputs(dir)))).toEqual([
      "terraform/main.tf",
    ]);
  });

  it("replaces a record, marks it verified, and keeps the three used last", () => {
    const dir = mkdtempSync(join(tmpdir(), "devstack-cache-"));
    const cache = new ProvisionCache(dir);
    cache.write("a", record());
    cache.write("a", record({ resources: 2 }));
    expect(cache.read("a")).toMatchObject({ resources: 2, verified: false });
    cache.markVerified("a");
    expect(cache.read("a")?.verified).toBe(true);

    for (const [age, key] of ["b", "c", "d"].entries()) {
      cache.write(key, record());
      // Older than "a", which is read last: "b" is the one to go.
      const then = new Date(Date.now() - (10 - age) * 60_000);
      utimesSync(join(dir, key), then, then);
    }
    cache.read("a");
    cache.write("e", record());
    expect(readdirSync(dir).sort()).toEqual(["a", "d", "e"]);
  });
});
