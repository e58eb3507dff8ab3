import { parseArgs } from "node:util";
import { DEFAULT_APPLICATION_NAME } from "@shoebox/pg-delivery";
import { migrateDatabase, runAgent } from "./agent.ts";
import { databaseTarget } from "./database-target.ts";
import { Progress } from "./progress.ts";
import { AGENT_VERSION } from "./version.ts";

const usage = `usage: DATABASE_URL=postgres://... delivery-agent [run] --queue-url URL [options]
       DATABASE_URL=postgres://... delivery-agent migrate

  run (default)             long-poll the receipt-delivery queue and write receipts into PostgreSQL
  migrate                   apply the shipped schema migrations and exit

  --queue-url URL           the receipt-delivery queue (or QUEUE_URL)
  --database-url-file FILE  a file holding postgres://user:password@host:port/db (or DATABASE_URL_FILE;
                            else DATABASE_URL). Never on the command line: \`ps\` shows it to everyone
  --database-ca-file FILE   the CA (PEM) of the database server's certificate (or DATABASE_CA_FILE);
                            without it, Node's public CAs. TLS is verified (chain and host name)
                            unless the URL's sslmode says otherwise (see the README)
  --concurrency N           workers, one database connection each (default 1)
  --wait-seconds N          long-poll wait of one receive, 1-20 (default 20)
  --visibility-timeout N    seconds a received batch stays hidden, extended while writing (default 60)
  --statement-timeout-ms N  server-side limit of one write (default 10000)
  --max-retry-delay N       longest wait between attempts while the database is down, s (default 60)
  --until-empty             stop once the queue is empty instead of polling forever
  --skip-migrations         do not apply migrations at start (a user without CREATE rights)
  --version                 print the agent's version

AWS credentials and region come from the usual AWS SDK sources (environment, profile, instance role).
SIGTERM or Ctrl-C: finish the write in progress, then stop.`;

/** Where the URL goes instead of the command line, which every user of the machine can read (`ps`). */
const URL_NOT_ON_COMMAND_LINE =
  "delivery-agent: a database URL is not accepted on the command line (--database-url, or any postgres:// argument): the URL holds the password, and every user of this machine can read a command line (ps). Set DATABASE_URL in the environment, or pass --database-url-file FILE";

const positive = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new Error(`--${name} must be a positive integer, not ${value}`);
  return number;
};

/** The command line of the delivery agent; returns the process exit code. */
export const main = async (argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> => {
  // Before parsing: a misplaced URL (a positional, another option's value) is refused too, unechoed.
  if (argv.some((arg) => /postgres(ql)?:\/\//i.test(arg))) {
    console.error(URL_NOT_ON_COMMAND_LINE);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "queue-url": { type: "string" },
      "database-url": { type: "string" },
      "database-url-file": { type: "string" },
      "database-ca-file": { type: "string" },
      concurrency: { type: "string" },
      "wait-seconds": { type: "string" },
      "visibility-timeout": { type: "string" },
      "statement-timeout-ms": { type: "string" },
      "max-retry-delay": { type: "string" },
      "until-empty": { type: "boolean", default: false },
      "skip-migrations": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
      version: { type: "boolean", default: false },
    },
  });
  if (values.version) {
    console.log(`shoebox-delivery-agent ${AGENT_VERSION}`);
    return 0;
  }
  const command = positionals[0] ?? "run";
  if (values.help || !["run", "migrate"].includes(command)) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (values["database-url"] !== undefined) {
    console.error(URL_NOT_ON_COMMAND_LINE);
    return 2;
  }
  const queueUrl = values["queue-url"] ?? env.QUEUE_URL;
  if (command === "run" && !queueUrl) {
    console.error(`delivery-agent: --queue-url (or QUEUE_URL) is required\n\n${usage}`);
    return 2;
  }
  const target = await databaseTarget(
    {
      ...(values["database-url-file"] ? { urlFile: values["database-url-file"] } : {}),
      ...(values["database-ca-file"] ? { caFile: values["database-ca-file"] } : {}),
    },
    env,
  );
  const database = {
    target,
    applicationName: `${DEFAULT_APPLICATION_NAME}-agent`,
    statementTimeoutMs: positive(values["statement-timeout-ms"], 10_000, "statement-timeout-ms"),
    connectTimeoutMs: 5_000,
  };

  if (command === "migrate") {
    const applied = await migrateDatabase(database);
    console.log(
      `delivery-agent: ${applied.length ? `applied ${applied.join(", ")}` : "the database schema is up to date"}`,
    );
    return 0;
  }

  const stop = new AbortController();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      console.log(`delivery-agent: ${signal}: finishing the write in progress, then stopping`);
      stop.abort();
    });
  }
  const settings = {
    queueUrl: queueUrl as string,
    database,
    concurrency: positive(values.concurrency, 1, "concurrency"),
    waitSeconds: Math.min(20, positive(values["wait-seconds"], 20, "wait-seconds")),
    visibilityTimeoutSeconds: positive(values["visibility-timeout"], 60, "visibility-timeout"),
    maxRetryDelaySeconds: positive(values["max-retry-delay"], 60, "max-retry-delay"),
    untilEmpty: values["until-empty"],
    migrate: !values["skip-migrations"],
  };
  console.log(
    `delivery-agent: polling ${settings.queueUrl} with ${settings.concurrency} worker(s), one database connection each`,
  );
  const progress = new Progress();
  await runAgent(settings, stop.signal, { progress });
  console.log(`delivery-agent: stopped; ${progress.line()}`);
  return 0;
};
