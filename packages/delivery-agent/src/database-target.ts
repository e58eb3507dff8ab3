import { readFile } from "node:fs/promises";
import { connectionPlan } from "@shoebox/pg-delivery";
import { ConfigurationError } from "@shoebox/runtime";
import { type DatabaseTarget, DatabaseTargetSchema } from "@shoebox/schemas";

/*
 * The database URL holds the password, so the agent never takes it from its command line,
 * which every user of the machine can read (`ps`, /proc/<pid>/cmdline). It comes from the
 * environment or from a file only its account can read; the CA from a file.
 */

export interface DatabaseSources {
  /** --database-url-file: a file holding the URL (wins over the environment). */
  urlFile?: string;
  /** --database-ca-file: the CA of the server's certificate, PEM. */
  caFile?: string;
}

const readText = async (path: string, what: string): Promise<string> => {
  try {
    return (await readFile(path, "utf8")).trim();
  } catch (error) {
    throw new ConfigurationError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
};

/**
 * The database the agent writes to, from `--database-url-file` or DATABASE_URL_FILE (a file),
 * else DATABASE_URL; and its CA from `--database-ca-file` or DATABASE_CA_FILE. Checked now,
 * including its sslmode; the returned function reads the files again for every new
 * connection, so a rotated password written to the file is picked up without a restart.
 *
 * @example
 * const target = await databaseTarget({}, { DATABASE_URL: "postgres://...", DATABASE_CA_FILE: "/etc/shoebox/ca.pem" });
 * new DeliveryConnection({ target, ... });
 */
export const databaseTarget = async (
  sources: DatabaseSources,
  env: NodeJS.ProcessEnv,
): Promise<() => Promise<DatabaseTarget>> => {
  const urlFile = sources.urlFile ?? (env.DATABASE_URL_FILE || undefined);
  const caFile = sources.caFile ?? (env.DATABASE_CA_FILE || undefined);
  if (!urlFile && !env.DATABASE_URL) {
    throw new ConfigurationError(
      "no database: set DATABASE_URL=postgres://user:password@host:5432/db in the environment, or put the URL in a file only the agent's account can read and pass --database-url-file FILE (or DATABASE_URL_FILE)",
    );
  }
  const read = async (): Promise<DatabaseTarget> => {
    const url = urlFile ? await readText(urlFile, "the database URL file") : (env.DATABASE_URL as string);
    const caCertificate = caFile ? await readText(caFile, "the database CA file") : undefined;
    const parsed = DatabaseTargetSchema.safeParse({ url, ...(caCertificate ? { caCertificate } : {}) });
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((issue) => `${issue.path[0] === "url" ? (urlFile ?? "DATABASE_URL") : caFile}: ${issue.message}`)
        .join("; ");
      throw new ConfigurationError(`the database is misconfigured: ${problems}`);
    }
    return parsed.data;
  };
  const first = await read();
  connectionPlan(first); // an sslmode it cannot honour stops the agent now, not at the first receipt
  return read;
};
