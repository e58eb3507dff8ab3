import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { ClientBase } from "pg";

/** The SQL files shipped with this package, applied in name order: `001_receipts.sql`, ... */
export const migrationsDir = fileURLToPath(new URL("../migrations/", import.meta.url));

/** Any fixed number: every process that migrates this database takes the same lock. */
const MIGRATION_LOCK_KEY = 7_460_332_118;

export interface Migration {
  version: string;
  sql: string;
}

/** The migrations in a folder, by file name: `001_receipts.sql` is version `001_receipts`. */
export const loadMigrations = async (dir: string = migrationsDir): Promise<Migration[]> => {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  return Promise.all(
    files.map(async (name) => ({
      version: name.replace(/\.sql$/, ""),
      sql: await readFile(`${dir}/${name}`, "utf8"),
    })),
  );
};

/**
 * Applies every migration the database has not seen, each in its own transaction, and records
 * it in `shoebox_schema_migrations`. A session advisory lock makes concurrent callers (two
 * agents, a deploy and an agent) wait for each other instead of racing; running it again
 * applies nothing. Returns the versions applied now.
 *
 * @example
 * const applied = await migrate(client); // ["001_receipts"] the first time, [] afterwards
 */
export const migrate = async (client: ClientBase, migrations?: Migration[]): Promise<string[]> => {
  const pending = migrations ?? (await loadMigrations());
  await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS shoebox_schema_migrations (
      version    text        PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: string }>("SELECT version FROM shoebox_schema_migrations");
    const done = new Set(rows.map((row) => row.version));
    const applied: string[] = [];
    for (const migration of pending.filter((candidate) => !done.has(candidate.version))) {
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query("INSERT INTO shoebox_schema_migrations (version) VALUES ($1)", [
          migration.version,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${migration.version} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      applied.push(migration.version);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
};
