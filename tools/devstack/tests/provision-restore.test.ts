import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { type MotoServer, startMoto } from "@shoebox/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorAdmin } from "../src/emulator-admin.ts";
import { EventsLog, type StackEvent } from "../src/events-log.ts";
import { type Provisioned, provision, repoRoot } from "../src/provision.ts";

/*
 * The record of a full apply, restored: tests/fixtures/provision/terraform applied once to moto
 * (a KMS key, a queue, SSM parameters naming the queue's URL and the issuer, a secret with a URL
 * and a certificate in its JSON), then restored into other moto servers by starts with other
 * ports and another CA. Real Terraform, real moto; about a minute, most of it the first apply
 * (Terraform waits 25 s for a new queue's attributes).
 */
const terraformDir = join(import.meta.dirname, "fixtures", "provision", "terraform");
const root = mkdtempSync(join(tmpdir(), "devstack-provision-"));
const cacheDir = join(root, "provision-cache");
const manifest = join(root, "manifest.json");
writeFileSync(manifest, JSON.stringify({ functions: {} }));

const certificate = (body: string) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;

interface Start {
  moto: MotoServer;
  provisioned: Provisioned;
  events: StackEvent[];
  workDir: string;
  ports: { issuer: number; database: number };
}
const starts: Start[] = [];

const start = async (name: string, ports: Start["ports"], ca: string): Promise<Start> => {
  const moto = await startMoto();
  const events: StackEvent[] = [];
  const log = new EventsLog({ write: () => {}, level: "debug" });
  log.on((event) => events.push(event));
  const workDir = join(root, name, "terraform");
  mkdirSync(workDir, { recursive: true });
  const provisioned = await provision({
    endpoint: moto.endpoint,
    jwtIssuer: `http://127.0.0.1:${ports.issuer}`,
    jwtAudience: ["shoebox-test"],
    artifactsManifest: manifest,
    log,
    terraformDir,
    workDir,
    cacheDir,
    variables: {
      delivery_database_url: `postgres://postgres@127.0.0.1:${ports.database}/shoebox`,
      delivery_database_ca_certificate: ca,
    },
  });
  const started = { moto, provisioned, events, workDir, ports };
  starts.push(started);
  return started;
};

const said = (started: Start, pattern: RegExp) => started.events.some((event) => pattern.test(event.message));

/**
 * A plan of the start's copy (it points at its emulator) that reads every resource back first:
 * 0 when nothing would change, 2 when something would, with what.
 */
const refreshingPlan = async (started: Start): Promise<{ code: number; output: string }> => {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" };
  // A restore without Terraform leaves the copy uninitialised.
  await promisify(execFile)("bash", [join(repoRoot, "scripts", "terraform-init.sh"), started.workDir], {
    env,
  });
  const varFile = join(started.workDir, "..", "devstack.tfvars.json");
  try {
    const { stdout } = await promisify(execFile)(
      "terraform",
      [
        `-chdir=${started.workDir}`,
        "plan",
        "-detailed-exitcode",
        "-lock=false",
        "-input=false",
        "-no-color",
        `-var-file=${varFile}`,
      ],
      { env },
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: `${failed.stdout}\n${failed.stderr}` };
  }
};

let cold: Start;
let firstRestore: Start;
let restore: Start;

beforeAll(async () => {
  cold = await start("cold", { issuer: 7001, database: 7002 }, certificate("Q09MRA=="));
  firstRestore = await start("first-restore", { issuer: 8001, database: 8002 }, certificate("RklSU1Q="));
  restore = await start("restore", { issuer: 9001, database: 9002 }, certificate("TkVYVA=="));
}, 300_000);

afterAll(async () => {
  await Promise.all(starts.map((started) => started.moto.stop()));
});

describe("provision with a record of the full apply", () => {
  it("applies everything when there is no record, and records it", () => {
    expect(cold.provisioned.restored).toBe(false);
    expect(said(cold, /no record of this configuration/)).toBe(true);
    expect(said(cold, /recorded for the next start/)).toBe(true);
  });

  it("restores the record for another start, and Terraform finds nothing to change on it", () => {
    expect(firstRestore.provisioned.restored).toBe(true);
    expect(firstRestore.provisioned.resources).toBe(cold.provisioned.resources);
    expect(said(firstRestore, /restored and applied \(0 added, 0 changed, 0 destroyed\)/)).toBe(true);
  });

  it("then restores it without Terraform, with this start's values and the emulator's address", async () => {
    expect(restore.provisioned.restored).toBe(true);
    expect(said(restore, /apply against/)).toBe(false);
    const { config } = restore.provisioned;
    const address = new URL(restore.moto.endpoint).host;
    expect(config.http_api.jwt_issuer).toBe("http://127.0.0.1:9001");
    expect(config.queues.uploads?.url).toBe(`http://${address}/123456789012/shoebox-local-uploads`);

    const secrets = new SecretsManagerClient(emulatorAdmin(restore.moto.endpoint, "eu-west-1"));
    try {
      const secret = await secrets.send(new GetSecretValueCommand({ SecretId: "shoebox-local/database" }));
      expect(JSON.parse(secret.SecretString ?? "{}")).toEqual({
        url: "postgres://postgres@127.0.0.1:9002/shoebox",
        caCertificate: certificate("TkVYVA=="),
      });
    } finally {
      secrets.destroy();
    }
  });

  it("leaves a stack Terraform reads back as exactly what it would apply", async () => {
    // A refreshing plan: every resource read from the restored emulator and compared.
    const plan = await refreshingPlan(restore);
    expect(plan.output).toContain("No changes.");
    expect(plan.code).toBe(0);
  }, 120_000);
});
