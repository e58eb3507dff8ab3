import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DEFAULT_APPLICATION_NAME } from "@shoebox/pg-delivery";
import {
  type MotoServer,
  type PostgresServer,
  sampleConnections,
  startMoto,
  startPostgres,
  useLocalAws,
} from "@shoebox/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type AgentSettings, runAgent } from "../../src/agent.ts";
import { main } from "../../src/cli.ts";
import { databaseTarget } from "../../src/database-target.ts";
import { Progress } from "../../src/progress.ts";
import { countMessages, createQueueWithDlq, receipt, repoRoot, runCommand } from "./helpers.ts";

let moto: MotoServer;
let postgres: PostgresServer;
let sqs: SQSClient;

const send = async (queueUrl: string, bodies: string[]) => {
  for (let start = 0; start < bodies.length; start += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies
          .slice(start, start + 10)
          .map((body, index) => ({ Id: String(index), MessageBody: body })),
      }),
    );
  }
};

const query = async <Row extends pg.QueryResultRow>(sql: string): Promise<Row[]> => {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
};

const settings = (queueUrl: string): AgentSettings => ({
  queueUrl,
  database: {
    target: { url: postgres.url, caCertificate: postgres.caCertificate },
    applicationName: DEFAULT_APPLICATION_NAME,
    statementTimeoutMs: 5_000,
    connectTimeoutMs: 1_000,
  },
  concurrency: 2,
  waitSeconds: 1,
  visibilityTimeoutSeconds: 30,
  maxRetryDelaySeconds: 1,
  untilEmpty: true,
  migrate: true,
});

beforeAll(async () => {
  [moto, postgres] = await Promise.all([startMoto(), startPostgres({ freshDatabase: true })]);
  useLocalAws(moto.endpoint);
  sqs = new SQSClient({});
});

afterAll(async () => {
  await Promise.all([moto?.stop(), postgres?.stop()]);
});

describe("delivery agent", () => {
  it("drains the queue into PostgreSQL over at most one connection per worker, deleting only committed messages", async () => {
    const { queueUrl } = await createQueueWithDlq(sqs, "agent-drain");
    const bodies = Array.from({ length: 40 }, (_, n) => JSON.stringify(receipt(n)));
    // A duplicate delivery, a message that is not a receipt, and one the table cannot hold.
    bodies.push(
      JSON.stringify(receipt(7)),
      '{"receiptId":"broken"}',
      JSON.stringify(receipt(99, { merchant: "Bad\u0000Shop" })),
    );
    await send(queueUrl, bodies);
    const sampler = sampleConnections(postgres.url, {
      applicationName: DEFAULT_APPLICATION_NAME,
      intervalMs: 20,
    });

    const counts = await runAgent(settings(queueUrl), new AbortController().signal, {
      progress: new Progress(() => undefined),
    });
    const { peak } = await sampler.stop();

    expect(counts.inserted + counts.unchanged).toBe(41);
    expect(counts.inserted).toBe(40);
    expect(counts.rejected).toBe(2);
    const rows = await query<{ receipts: number; written_twice: number }>(
      "SELECT count(*)::int AS receipts, count(*) FILTER (WHERE write_count > 1)::int AS written_twice FROM shoebox_receipts",
    );
    expect(rows).toEqual([{ receipts: 40, written_twice: 0 }]);
    // The two refused messages were not deleted: they wait, in flight, for their way to the DLQ.
    expect(await countMessages(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 2 });
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it("keeps its batch through a database outage and writes it, once, when the database is back", async () => {
    const { queueUrl } = await createQueueWithDlq(sqs, "agent-outage");
    const stop = new AbortController();
    const running = runAgent({ ...settings(queueUrl), untilEmpty: false }, stop.signal, {
      progress: new Progress(() => undefined),
    });
    await new Promise((done) => setTimeout(done, 500)); // migrated and polling

    await postgres.stopServer();
    await send(
      queueUrl,
      Array.from({ length: 20 }, (_, n) => JSON.stringify(receipt(500 + n))),
    );
    await new Promise((done) => setTimeout(done, 3_000)); // a few failed attempts
    await postgres.startServer();
    const deadline = Date.now() + 20_000;
    const waiting = async () => {
      const { visible, inFlight } = await countMessages(sqs, queueUrl);
      return visible + inFlight;
    };
    while ((await waiting()) > 0 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 200));
    }
    stop.abort();
    const counts = await running;

    expect(counts.inserted).toBe(20);
    const rows = await query<{ receipts: number; written_twice: number }>(
      "SELECT count(*)::int AS receipts, count(*) FILTER (WHERE write_count > 1)::int AS written_twice FROM shoebox_receipts WHERE receipt_id BETWEEN 'r-00500' AND 'r-00519'",
    );
    expect(rows).toEqual([{ receipts: 20, written_twice: 0 }]);
    expect(await countMessages(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it("drains a FIFO queue (delivery_queue_fifo) as it is: a receipt's correction wins, the workflow's retried send is deduplicated, a stale redrive changes nothing", async () => {
    const { queueUrl } = await createQueueWithDlq(sqs, "agent-fifo", { fifo: true });
    const original = JSON.stringify(receipt(600, { merchant: "Read by OCR" }));
    const corrected = JSON.stringify(
      receipt(600, { merchant: "Corrected", storedAt: "2026-11-25T16:05:00.000Z" }),
    );
    const others = Array.from({ length: 4 }, (_, n) => JSON.stringify(receipt(601 + n)));
    // As DeliverReceipt sends them: the receipt id as the message group. The original's second
    // send is a Step Functions retry of the same state: content-based deduplication drops it.
    const sendToGroups = (entries: { body: string; deduplicationId?: string }[]) =>
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: entries.map(({ body, deduplicationId }, index) => ({
            Id: String(index),
            MessageBody: body,
            MessageGroupId: JSON.parse(body).receiptId,
            MessageDeduplicationId: deduplicationId,
          })),
        }),
      );
    await sendToGroups([original, original, corrected, ...others].map((body) => ({ body })));

    const drained = await runAgent(settings(queueUrl), new AbortController().signal, {
      progress: new Progress(() => undefined),
    });
    // A redrive of the original once the deduplication window (5 minutes) has passed: a new id.
    await sendToGroups([{ body: original, deduplicationId: "redriven-after-the-window" }]);
    const redriven = await runAgent(settings(queueUrl), new AbortController().signal, {
      progress: new Progress(() => undefined),
    });

    expect(drained.inserted + drained.updated + drained.unchanged).toBe(6); // 7 sent, 1 deduplicated
    expect(redriven).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const rows = await query<{ receipt_id: string; merchant: string }>(
      "SELECT receipt_id, merchant FROM shoebox_receipts WHERE receipt_id BETWEEN 'r-00600' AND 'r-00604' ORDER BY receipt_id",
    );
    expect(rows.map((row) => row.merchant)).toEqual([
      "Corrected",
      ...others.map((body) => JSON.parse(body).merchant),
    ]);
    expect(await countMessages(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it("runs from the repository with one command, its database from the environment (verified TLS), and stops cleanly on SIGTERM", async () => {
    const { queueUrl } = await createQueueWithDlq(sqs, "agent-command");
    await send(
      queueUrl,
      Array.from({ length: 15 }, (_, n) => JSON.stringify(receipt(1000 + n))),
    );
    // Not on the command line, where ps shows the password to every user of the machine.
    const agent = runCommand(
      ["packages/delivery-agent/bin/delivery-agent.mjs", "--queue-url", queueUrl, "--wait-seconds", "1"],
      { env: { DATABASE_URL: postgres.url, DATABASE_CA_FILE: postgres.caCertificateFile } },
    );

    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const [row] = await query<{ n: number }>(
        "SELECT count(*)::int AS n FROM shoebox_receipts WHERE receipt_id >= 'r-01000'",
      );
      if (row?.n === 15) break;
      await new Promise((done) => setTimeout(done, 200));
    }
    agent.child.kill("SIGTERM");
    const { code, output } = await agent.done;

    expect(code).toBe(0);
    expect(output).toMatch(/SIGTERM: finishing the write in progress/);
    expect(output).toMatch(/stopped; 15 delivered \(15 inserted/);
    expect(await countMessages(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it("ships as a release (make agent) that runs from its own folder with nothing installed", async () => {
    execFileSync(process.execPath, ["scripts/build-agent.mjs"], { cwd: repoRoot, stdio: "ignore" });
    const { version } = JSON.parse(
      readFileSync(join(repoRoot, "packages/delivery-agent/package.json"), "utf8"),
    );
    // Unpacked where no node_modules can be found, as on the customer's server.
    const installed = mkdtempSync(join(tmpdir(), "agent-release-"));
    execFileSync("tar", [
      "-xzf",
      join(repoRoot, `dist/agent/shoebox-delivery-agent-${version}.tar.gz`),
      "-C",
      installed,
    ]);
    const bin = join(installed, `shoebox-delivery-agent-${version}`, "bin", "shoebox-delivery-agent.mjs");

    const printed = await runCommand([bin, "--version"]).done;
    expect(printed).toEqual({ code: 0, output: `shoebox-delivery-agent ${version}\n` });

    const { queueUrl } = await createQueueWithDlq(sqs, "agent-release");
    await send(
      queueUrl,
      Array.from({ length: 5 }, (_, n) => JSON.stringify(receipt(2000 + n))),
    );
    const env = { DATABASE_URL: postgres.url, DATABASE_CA_FILE: postgres.caCertificateFile };
    const run = await runCommand([bin, "--queue-url", queueUrl, "--wait-seconds", "1", "--until-empty"], {
      env,
    }).done;
    expect(run.code, run.output).toBe(0);
    const [row] = await query<{ n: number }>(
      "SELECT count(*)::int AS n FROM shoebox_receipts WHERE receipt_id BETWEEN 'r-02000' AND 'r-02004'",
    );
    expect(row?.n).toBe(5);
    rmSync(installed, { recursive: true, force: true });
  }, 60_000);
});

describe("the agent's database settings", () => {
  it("reads the URL from --database-url-file and the CA from --database-ca-file, and connects with full verification", async () => {
    const dir = mkdtempSync(join(tmpdir(), "agent-database-"));
    const urlFile = join(dir, "database-url");
    writeFileSync(urlFile, `${postgres.url}\n`, { mode: 0o600 });
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);

    const code = await main(
      ["migrate", "--database-url-file", urlFile, "--database-ca-file", postgres.caCertificateFile ?? ""],
      {},
    );
    const printed = log.mock.calls.flat().join("\n");
    log.mockRestore();
    rmSync(dir, { recursive: true, force: true });

    expect(code).toBe(0);
    expect(printed).toMatch(/delivery-agent: (applied|the database schema is up to date)/);
  });

  it("reads the URL file again for every new connection, so a password rotated into the file needs no restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "agent-database-"));
    const urlFile = join(dir, "database-url");
    writeFileSync(urlFile, "postgres://shoebox:old@db.example/receipts");

    const target = await databaseTarget({ urlFile }, { DATABASE_URL: "postgres://ignored@elsewhere/db" });
    writeFileSync(urlFile, "postgres://shoebox:new@db.example/receipts?sslmode=verify-full\n");
    const reread = await target();
    rmSync(dir, { recursive: true, force: true });

    expect(reread).toEqual({ url: "postgres://shoebox:new@db.example/receipts?sslmode=verify-full" });
  });

  it("takes DATABASE_URL and DATABASE_CA_FILE from the environment", async () => {
    const target = await databaseTarget(
      {},
      { DATABASE_URL: postgres.url, DATABASE_CA_FILE: postgres.caCertificateFile },
    );

    expect(await target()).toEqual({ url: postgres.url, caCertificate: postgres.caCertificate?.trim() });
  });

  it.each([
    ["--database-url", ["migrate", "--database-url", "postgres://shoebox:secret@db.example/receipts"]],
    ["--database-url=", ["--database-url=postgresql://shoebox:secret@db.example/receipts"]],
    ["a positional", ["run", "postgres://shoebox:secret@db.example/receipts"]],
    ["the value of --database-url-file", ["--database-url-file", "postgres://shoebox:secret@db.example/r"]],
  ])(
    "refuses a URL given on the command line as %s, where ps shows the password, and says where it goes instead, never echoing it",
    async (_, argv) => {
      const error = vi.spyOn(console, "error").mockImplementation(() => undefined);

      const code = await main(argv, {});
      const printed = error.mock.calls.flat().join("\n");
      error.mockRestore();

      expect(code).toBe(2);
      expect(printed).toMatch(/not accepted on the command line .* the URL holds the password/);
      expect(printed).toMatch(/Set DATABASE_URL in the environment, or pass --database-url-file FILE/);
      expect(printed).not.toMatch(/secret/);
    },
  );

  it("stops at start, naming the settings, when no database is given or its sslmode cannot be honoured", async () => {
    await expect(databaseTarget({}, {})).rejects.toThrow(/set DATABASE_URL=.* or .*--database-url-file FILE/);
    await expect(
      databaseTarget({}, { DATABASE_URL: "postgres://shoebox@db.example/receipts?sslmode=verify-ca" }),
    ).rejects.toThrow(/sslmode=verify-ca needs caCertificate/);
    await expect(databaseTarget({}, { DATABASE_URL: "mysql://db.example/receipts" })).rejects.toThrow(
      /DATABASE_URL: must be a postgres:\/\/ URL/,
    );
  });
});
