import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { makeTestCertificates } from "./certificates.ts";
import { freePort } from "./free-port.ts";

/*
 * A real PostgreSQL server for tests, the local stack and the benchmarks, started from this
 * machine's own binaries (Debian: `apt-get install -y postgresql`) in a temporary data folder,
 * on a free port, listening on 127.0.0.1 only, with trust authentication and TLS on (a
 * throwaway CA of its own signs a certificate for 127.0.0.1 and localhost), so delivery code
 * can be tested with full verification as production runs it. Plaintext connections are
 * accepted too: tests' own helper sessions (`new pg.Client({ connectionString: url })`) need
 * no CA. Or, when DATABASE_URL is set, the server it names, untouched (its CA from the file
 * DATABASE_CA_FILE names, if any).
 */

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url: string;
  /** True when this helper started the server; false when it came from DATABASE_URL. */
  managed: boolean;
  /**
   * The CA (PEM) that signed the server's certificate, for clients that verify it (the
   * delivery code always does, unless the URL says otherwise). A DATABASE_URL server has one
   * only when DATABASE_CA_FILE names its file.
   */
  caCertificate?: string;
  /** The same CA as a file (the delivery agent's DATABASE_CA_FILE). */
  caCertificateFile?: string;
  /** Stops the server (fast shutdown: sessions are cut) and keeps its data: a database outage. */
  stopServer(): Promise<void>;
  /** Starts the stopped server again, on the same port with the same data. */
  startServer(): Promise<void>;
  /** Stops the server for good and removes its data folder (or drops the fresh database). */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /**
   * A new, uniquely named database, dropped by `stop()`: test files sharing one DATABASE_URL
   * server then never see each other's rows. Without it, a started server's database is
   * `shoebox` and a DATABASE_URL is used as it is.
   */
  freshDatabase?: boolean;
  /** The started server's max_connections (default 100). */
  maxConnections?: number;
  /**
   * The names (IP addresses or DNS names) the started server's certificate is for; default
   * 127.0.0.1 and localhost. `["wrong.example"]` makes a server that verifying clients refuse.
   */
  certificateNames?: string[];
  env?: NodeJS.ProcessEnv;
}

/** The folder of initdb, pg_ctl and postgres: PG_BIN_DIR, Debian's newest, or one on the PATH. */
export const postgresBinDir = (env: NodeJS.ProcessEnv = process.env): string => {
  if (env.PG_BIN_DIR) return env.PG_BIN_DIR;
  const debianRoot = "/usr/lib/postgresql";
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((version) => existsSync(join(debianRoot, version, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debianRoot, versions[0], "bin");
  }
  for (const dir of (env.PATH ?? "").split(":")) {
    if (dir && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  }
  throw new Error(
    "PostgreSQL's server programs (initdb, pg_ctl) were not found: install them (Debian: " +
      "`apt-get install -y postgresql`), set PG_BIN_DIR to their folder, or set DATABASE_URL to a server",
  );
};

interface Account {
  uid: number;
  gid: number;
  home: string;
}

/**
 * initdb refuses to run as root, so as root the server runs as `postgres` (the account the
 * Debian package creates) or, where there is none, as `nobody`.
 */
const serverAccount = (): Account | undefined => {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = readFileSync("/etc/passwd", "utf8").split("\n");
  for (const name of ["postgres", "nobody"]) {
    const fields = passwd.find((line) => line.startsWith(`${name}:`))?.split(":");
    if (fields?.[2] && fields[3]) return { uid: Number(fields[2]), gid: Number(fields[3]), home: "/tmp" };
  }
  throw new Error(
    "running as root, and neither a `postgres` nor a `nobody` account exists to run PostgreSQL",
  );
};

const runAs = (account: Account | undefined, command: string, args: string[]): SpawnSyncReturns<string> =>
  spawnSync(command, args, {
    encoding: "utf8",
    cwd: "/",
    timeout: 60_000,
    env: { PATH: process.env.PATH, LANG: "C.UTF-8", ...(account ? { HOME: account.home } : {}) },
    ...(account ? { uid: account.uid, gid: account.gid } : {}),
  });

const check = (result: SpawnSyncReturns<string>, what: string, logFile?: string): void => {
  if (result.status === 0) return;
  const log =
    logFile && existsSync(logFile)
      ? `\n--- server log ---\n${readFileSync(logFile, "utf8").slice(-3000)}`
      : "";
  throw new Error(
    `${what} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}${log}`,
  );
};

/** Runs SQL on the server's `postgres` database (creating and dropping test databases). */
const administer = async (url: string, sql: string): Promise<void> => {
  const admin = new pg.Client({ connectionString: url, application_name: "shoebox-test-admin" });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
};

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

const freshDatabaseOn = async (serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> => {
  const database = `shoebox_test_${randomBytes(6).toString("hex")}`;
  const adminUrl = withDatabase(serverUrl, "postgres");
  await administer(adminUrl, `CREATE DATABASE ${database}`);
  return {
    url: withDatabase(serverUrl, database),
    drop: () => administer(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
};

/**
 * Starts a PostgreSQL server in a temporary data folder on a free port, or uses DATABASE_URL.
 *
 * @example
 * const postgres = await startPostgres({ freshDatabase: true });
 * await postgres.stopServer(); // the database is down ...
 * await postgres.startServer(); // ... and back, same port, same rows
 * await postgres.stop();
 */
export const startPostgres = async (options: StartPostgresOptions = {}): Promise<PostgresServer> => {
  const env = options.env ?? process.env;
  if (env.DATABASE_URL) {
    const notOurs = async () => {
      throw new Error("the server named by DATABASE_URL is not ours to stop or start");
    };
    const fresh = options.freshDatabase ? await freshDatabaseOn(env.DATABASE_URL) : undefined;
    const caCertificateFile = env.DATABASE_CA_FILE || undefined;
    return {
      url: fresh?.url ?? env.DATABASE_URL,
      managed: false,
      ...(caCertificateFile
        ? { caCertificate: readFileSync(caCertificateFile, "utf8"), caCertificateFile }
        : {}),
      stopServer: notOurs,
      startServer: notOurs,
      stop: async () => fresh?.drop(),
    };
  }

  const binDir = postgresBinDir(env);
  const account = serverAccount();
  const root = mkdtempSync(join(tmpdir(), "shoebox-pg-"));
  const dataDir = join(root, "data");
  const logFile = join(root, "server.log");
  if (account) chownSync(root, account.uid, account.gid);
  // The certificates live apart from the data folder (initdb wants it absent or empty).
  const tlsDir = join(root, "tls");
  mkdirSync(tlsDir);
  const certificates = makeTestCertificates(tlsDir, {
    ...(options.certificateNames ? { serverNames: options.certificateNames } : {}),
  });
  // PostgreSQL refuses a key file that others can read, or that is not the server's own.
  chmodSync(certificates.serverKeyFile, 0o600);
  if (account) {
    for (const file of [certificates.serverKeyFile, certificates.serverCertificateFile])
      chownSync(file, account.uid, account.gid);
  }
  const port = await freePort();
  const serverUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;

  check(
    runAs(account, join(binDir, "initdb"), [
      "-D",
      dataDir,
      "-U",
      "postgres",
      "--auth=trust",
      "--encoding=UTF8",
      "--locale=C",
      "--no-sync",
      "--no-instructions",
    ]),
    "initdb",
  );
  // A throwaway server: no fsync; the socket lives in our folder, not in /var/run/postgresql.
  const serverOptions = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-k ${root}`,
    `-c max_connections=${options.maxConnections ?? 100}`,
    "-c fsync=off",
    "-c ssl=on",
    `-c ssl_cert_file=${certificates.serverCertificateFile}`,
    `-c ssl_key_file=${certificates.serverKeyFile}`,
  ].join(" ");
  let running = false;
  const pgCtl = (args: string[]) => runAs(account, join(binDir, "pg_ctl"), ["-D", dataDir, ...args]);
  const startServer = async () => {
    check(pgCtl(["-l", logFile, "-o", serverOptions, "-w", "-t", "60", "start"]), "pg_ctl start", logFile);
    running = true;
  };
  const stopServer = async () => {
    check(pgCtl(["-m", "fast", "-w", "-t", "60", "stop"]), "pg_ctl stop", logFile);
    running = false;
  };
  // A test run that dies without stop() must not leave a server behind.
  const stopOnExit = () => {
    if (running) pgCtl(["-m", "immediate", "stop"]);
    rmSync(root, { recursive: true, force: true });
  };
  process.once("exit", stopOnExit);

  try {
    await startServer();
    const database = options.freshDatabase ? await freshDatabaseOn(serverUrl) : undefined;
    if (!database) await administer(serverUrl, "CREATE DATABASE shoebox");
    return {
      url: database?.url ?? withDatabase(serverUrl, "shoebox"),
      managed: true,
      caCertificate: certificates.caCertificate,
      caCertificateFile: certificates.caCertificateFile,
      stopServer,
      startServer,
      stop: async () => {
        process.removeListener("exit", stopOnExit);
        if (running) pgCtl(["-m", "immediate", "-w", "stop"]);
        running = false;
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    process.removeListener("exit", stopOnExit);
    stopOnExit();
    throw error;
  }
};

export interface ConnectionSampler {
  /** Stops sampling; `peak` is the most sessions seen at once, `samples` how many were taken. */
  stop(): Promise<{ peak: number; samples: number; failedSamples: number }>;
}

/**
 * Counts, every `intervalMs`, the sessions on the database that carry `applicationName`
 * (pg_stat_activity), leaving out its own, and keeps the peak. It keeps going through an
 * outage: a sample that fails is counted in `failedSamples` and the next one reconnects.
 * `stop()` takes a last sample before it answers.
 *
 * @example
 * const sampler = sampleConnections(postgres.url, { applicationName: "shoebox-delivery" });
 * // ... the run ...
 * const { peak } = await sampler.stop();
 */
export const sampleConnections = (
  url: string,
  options: { applicationName?: string; intervalMs?: number } = {},
): ConnectionSampler => {
  const sql = `SELECT count(*)::int AS sessions FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()
      AND ($1::text IS NULL OR application_name = $1)`;
  let client: pg.Client | undefined;
  let stopped = false;
  const totals = { peak: 0, samples: 0, failedSamples: 0 };
  const sampleOnce = async () => {
    try {
      if (!client) {
        const fresh = new pg.Client({
          connectionString: url,
          application_name: "shoebox-sampler",
          connectionTimeoutMillis: 1000,
        });
        fresh.on("error", () => undefined);
        client = fresh;
        await fresh.connect();
      }
      const { rows } = await client.query<{ sessions: number }>(sql, [options.applicationName ?? null]);
      totals.peak = Math.max(totals.peak, rows[0]?.sessions ?? 0);
      totals.samples++;
    } catch {
      totals.failedSamples++;
      await client?.end().catch(() => undefined);
      client = undefined;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await sampleOnce();
      await new Promise((done) => setTimeout(done, options.intervalMs ?? 100));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      // One sample more: the sessions open now count even if every sample of the last moments
      // failed on a busy machine (the caller usually stops right after the work it measures).
      await sampleOnce();
      await client?.end().catch(() => undefined);
      return { ...totals };
    },
  };
};
