import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { type EventsLog, type Level, summarizeFunctionLog } from "../events-log.ts";
import { functionAwsEnvironment } from "../iam/stack-principals.ts";
import { repoRoot } from "../repo-root.ts";
import { mappingConcurrency } from "../sqs-poller.ts";
import { FunctionPool } from "../workers.ts";
import type { FunctionLogs } from "./function-logs.ts";
import { credentialsOf } from "./gate-clients.ts";
import type { StackContext } from "./stack-context.ts";

/** Environments per HTTP-invoked function (a mapped function gets its maximum_concurrency). */
const HTTP_FUNCTION_CONCURRENCY = 4;

/** Where a function's zip is: as Terraform says (absolute, or relative to the manifest or the Terraform copy), else dist/<name>.zip. */
export const resolveZip = (file: string, name: string, manifest: string, workDir: string): string => {
  const candidates = isAbsolute(file)
    ? [file]
    : [resolve(dirname(manifest), file), resolve(workDir, file), resolve(repoRoot, file)];
  candidates.push(join(dirname(manifest), `${name}.zip`));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`the zip of ${name} is not at ${candidates.join(" or ")}: run make build`);
  return found;
};

/**
 * A worker pool per function of runtime_config, its zip unpacked beside the Terraform copy, its
 * environments running with the function's role; added to the context's pools (which the state
 * machines already hold) as each is ready.
 */
export const prepareFunctionPools = async (
  context: StackContext,
  code: {
    manifest: string;
    workDir: string;
    /** Level at which the functions' own INFO logs are shown. */
    functionInfoLevel: Level;
    /** Where every line the functions print is kept whole (the summary goes to the events log). */
    functionLogs: FunctionLogs;
  },
): Promise<void> => {
  const { config, principals, log, pools } = context;
  const { functionInfoLevel } = code;
  for (const [name, fn] of Object.entries(config.functions)) {
    const mapping = config.event_source_mappings[name];
    const pool = new FunctionPool({
      name,
      config: fn,
      zipPath: resolveZip(fn.file, name, code.manifest, code.workDir),
      codeDir: join(dirname(code.workDir), "functions", name),
      awsEnvironment: functionAwsEnvironment(
        principals.gate,
        config.region,
        credentialsOf(principals.functions, name, "function"),
      ),
      region: config.region,
      accountId: context.accountId,
      maxConcurrency: mapping ? mappingConcurrency(mapping) : HTTP_FUNCTION_CONCURRENCY,
      onLog: ({ line }) => {
        if (!line.trim()) return;
        code.functionLogs.append(name, line);
        const { level, text } = summarizeFunctionLog(line, { stacks: functionInfoLevel === "info" });
        log.emit(name, level === "info" ? functionInfoLevel : level, text);
      },
    });
    await pool.prepare();
    pools.set(name, pool);
  }
  log.info("lambda", `${pools.size} functions unpacked from dist/: ${[...pools.keys()].join(", ")}`);
};

export const stopFunctionPools = async (pools: ReadonlyMap<string, FunctionPool>, log: EventsLog) => {
  await Promise.all([...pools.values()].map((pool) => pool.stop()));
  log.info("lambda", "workers stopped");
};
