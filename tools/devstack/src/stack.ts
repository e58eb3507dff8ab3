import { existsSync } from "node:fs";
import { join } from "node:path";
import { type DeliveryDatabase, startDeliveryDatabase } from "./delivery-database.ts";
import { EventsLog, type Level } from "./events-log.ts";
import type { IamGate } from "./iam/iam-gate.ts";
import { startStackPrincipals } from "./iam/stack-principals.ts";
import type { LocalIssuer } from "./jwt.ts";
import { provision, repoRoot } from "./provision.ts";
import type { RuntimeConfig } from "./runtime-config.ts";
import type { SqsPoller } from "./sqs-poller.ts";
import { alignEmulatorWithAws } from "./stack/align-emulator.ts";
import { watchDeadLetterQueues } from "./stack/dead-letter-watch.ts";
import { startEmulator } from "./stack/emulator.ts";
import { FunctionLogs } from "./stack/function-logs.ts";
import { prepareFunctionPools, stopFunctionPools } from "./stack/function-pools.ts";
import { GateClients } from "./stack/gate-clients.ts";
import { startHttpApi } from "./stack/http-api.ts";
import { type MailOutbox, startMailOutbox } from "./stack/mail-outbox.ts";
import { startPollers, stopPollers } from "./stack/pollers.ts";
import { Shutdown } from "./stack/shutdown.ts";
import type { StackContext } from "./stack/stack-context.ts";
import { stackPortsFile, stickyPort } from "./stack/stack-ports.ts";
import { createStatusReader, type LocalStatus } from "./stack/status.ts";
import { InvocationMeter } from "./stack/status-meter.ts";
import { serveStatus } from "./stack/status-server.ts";
import { watchStatus } from "./stack/status-watch.ts";
import { startStepFunctions } from "./stack/step-functions.ts";
import { serveWebApp } from "./stack/web-app.ts";
import type { LocalStateMachines } from "./state-machines.ts";
import type { FunctionPool } from "./workers.ts";

export type { LocalStatus } from "./stack/status.ts";

export const DEFAULT_AUDIENCE = "shoebox-local";

export interface StackOptions {
  log?: EventsLog;
  /** Port of the HTTP API; default API_PORT or PORT from the environment, else a free one. */
  apiPort?: number;
  /** Use an emulator that is already running instead of starting one (it must be empty). */
  motoEndpoint?: string;
  /** dist/manifest.json (default: the repository's). */
  manifest?: string;
  terraformDir?: string;
  /** Terraform copy and state (default .local/terraform); functions unpack beside it, in ../functions. */
  workDir?: string;
  /** Extra Terraform variables (only those the configuration declares are passed). */
  variables?: Record<string, unknown>;
  /** Level at which the functions' own INFO logs are shown: "debug" hides them by default. */
  functionInfoLevel?: Level;
  /** Longest SQS long poll (tests shorten it). */
  waitTimeSeconds?: number;
  /** Environment that may name an existing DATABASE_URL (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Port of the local status page; default STATUS_PORT from the environment, else a free one. */
  statusPort?: number;
  /** Log the status in one line every so many seconds when it changed (make dev: 5); default never. */
  statusEverySeconds?: number;
  /** Port of the web app; default WEB_PORT from the environment, else a free one. */
  webPort?: number;
  /** The built web app (default web/dist); served with this stack's config.json. */
  webRoot?: string;
}

export interface Stack {
  apiUrl: string;
  motoEndpoint: string;
  config: RuntimeConfig;
  issuer: LocalIssuer;
  /**
   * The IAM gate every AWS call of the functions, the workflow and the API passes: its
   * denials (make demo fails on any) and reloadRoles() after a test changed a role's policy.
   */
  gate: IamGate;
  /** How Terraform made the stack: `restored` when from a record of the same configuration (provision-cache.ts). */
  provisioning: { seconds: number; resources: number; restored: boolean };
  pools: Map<string, FunctionPool>;
  pollers: Map<string, SqsPoller>;
  /** The customer's PostgreSQL that receipt-delivery writes to. */
  database: DeliveryDatabase;
  /** Every line the functions printed, whole (correlation id included), as a file and a query. */
  functionLogs: FunctionLogs;
  /** The email SNS would have sent (to the addresses of notification_emails, …), as a file and a list. */
  mail: MailOutbox;
  /** The state machines of runtime_config, and the Step Functions endpoint the functions reach them on. */
  stateMachines: LocalStateMachines;
  sfnEndpoint: string;
  /** The web app, signed in by name with the local issuer; the API answers CORS for its origin. */
  webUrl: string;
  /** GET it for the status as JSON (the counts of the AWS dashboard, locally), `.txt` for tables. */
  statusUrl: string;
  status(): Promise<LocalStatus>;
  log: EventsLog;
  token(subject?: string, ttlSeconds?: number): Promise<string>;
  stop(): Promise<void>;
}

const accountIdOf = (config: RuntimeConfig): string => {
  const arn = Object.values(config.queues)[0]?.arn ?? Object.values(config.topics)[0] ?? "";
  return arn.split(":")[4] || "123456789012";
};

const envPort = (...names: string[]): number | undefined => {
  const value = names.map((name) => process.env[name]).find(Boolean);
  return value ? Number(value) : undefined;
};

/** Terraform applied to the emulator, with the local issuer, the built zips and the delivery database. */
const applyTerraform = (step: {
  options: StackOptions;
  motoEndpoint: string;
  issuerUrl: string;
  corsAllowedOrigins: readonly string[];
  manifest: string;
  workDir: string;
  database: DeliveryDatabase;
  log: EventsLog;
}) =>
  provision({
    endpoint: step.motoEndpoint,
    jwtIssuer: step.issuerUrl,
    jwtAudience: [DEFAULT_AUDIENCE],
    artifactsManifest: step.manifest,
    log: step.log,
    ...(step.options.terraformDir ? { terraformDir: step.options.terraformDir } : {}),
    workDir: step.workDir,
    variables: {
      delivery_database_url: step.database.url,
      delivery_database_ca_certificate: step.database.caCertificate,
      cors_allowed_origins: step.corsAllowedOrigins,
      // The stack serves the web app itself (stack/web-app.ts), as CloudFront does on AWS.
      web_enabled: false,
      ...step.options.variables,
    },
  });

/**
 * Starts the whole system locally: the emulator, the Terraform configuration applied to it,
 * a worker pool per function, the HTTP API, the SQS event source mappings and the DLQ watch.
 * Each step adds its own stop to the shutdown, which undoes them in reverse (also when a later
 * step fails to start).
 *
 * @example
 * const stack = await startStack({ log });
 * await fetch(`${stack.apiUrl}/photos`, { headers: { authorization: `Bearer ${await stack.token()}` } });
 * await stack.stop();
 */
export const startStack = async (options: StackOptions = {}): Promise<Stack> => {
  const log = options.log ?? new EventsLog();
  const manifest = options.manifest ?? join(repoRoot, "dist", "manifest.json");
  if (!existsSync(manifest))
    throw new Error(`${manifest} is missing: run make build (node scripts/build.mjs) first`);
  const workDir = options.workDir ?? join(repoRoot, ".local", "terraform");
  const shutdown = new Shutdown(log);
  try {
    const ports = stackPortsFile(workDir);
    const apiPort = options.apiPort ?? envPort("API_PORT", "PORT") ?? (await stickyPort(ports, "api"));
    const issuerUrl = `http://127.0.0.1:${apiPort}`;
    // The web app's origin is known before Terraform applies: the API and the uploads bucket
    // answer CORS for it, as they do for the site's CloudFront origin on AWS.
    const webPort = options.webPort ?? envPort("WEB_PORT") ?? (await stickyPort(ports, "web"));
    const corsAllowedOrigins = (options.variables?.cors_allowed_origins as string[] | undefined) ?? [
      `http://127.0.0.1:${webPort}`,
    ];
    const emulator = await startEmulator(log, options.motoEndpoint);
    shutdown.add(emulator.stop);
    const motoEndpoint = emulator.endpoint;

    const database = await startDeliveryDatabase(log, options.env);
    shutdown.add(() => database.stop());

    const provisioned = await applyTerraform({
      options,
      motoEndpoint,
      issuerUrl,
      corsAllowedOrigins,
      manifest,
      workDir,
      database,
      log,
    });
    const { config } = provisioned;
    const accountId = accountIdOf(config);

    const principals = await startStackPrincipals({ config, endpoint: motoEndpoint, accountId, log });
    const { gate } = principals;
    shutdown.add(() => gate.stop());
    const clients = new GateClients(gate, config.region);
    shutdown.add(async () => clients.destroyAll());
    const context: StackContext = { config, accountId, principals, clients, pools: new Map(), log };
    await alignEmulatorWithAws(context, motoEndpoint);

    const stepFunctions = await startStepFunctions(context);
    const functionInfoLevel = options.functionInfoLevel ?? "debug";
    const functionLogs = new FunctionLogs(join(workDir, "..", "logs", "functions.jsonl"));
    await prepareFunctionPools(context, { manifest, workDir, functionInfoLevel, functionLogs });
    shutdown.add(() => stopFunctionPools(context.pools, log));
    // Before the workers stop: running executions finish on them, then the endpoint closes.
    shutdown.add(stepFunctions.stop);

    // Before anything invokes a function, so that every invocation is counted.
    const meter = new InvocationMeter(config);
    meter.instrument(context.pools);
    const status = createStatusReader({
      config,
      motoEndpoint,
      meter,
      executions: () => stepFunctions.stateMachines.executions.values(),
      countDeliveries: () => database.countReceipts(),
    });
    shutdown.add(async () => status.destroy());
    const statusPage = await serveStatus(status.read, options.statusPort ?? envPort("STATUS_PORT"));
    shutdown.add(statusPage.stop);
    if (options.statusEverySeconds)
      shutdown.add(watchStatus(status.read, log, options.statusEverySeconds * 1000));

    const httpApi = await startHttpApi(context, { port: apiPort, issuerUrl, corsAllowedOrigins });
    shutdown.add(httpApi.stop);
    const webApp = await serveWebApp({
      root: options.webRoot ?? join(repoRoot, "web", "dist"),
      port: webPort,
      apiUrl: httpApi.apiUrl,
      issuer: httpApi.issuer,
    });
    shutdown.add(webApp.stop);

    const pollers = startPollers(context, options.waitTimeSeconds);
    // Pollers stop before the workers and the emulator (the shutdown runs in reverse).
    shutdown.add(() => stopPollers(pollers, log));
    shutdown.add(watchDeadLetterQueues(config, motoEndpoint, log));
    const mail = await startMailOutbox({
      config,
      motoEndpoint,
      file: join(workDir, "..", "mail", "outbox.jsonl"),
      log,
    });
    shutdown.add(mail.stop);

    return {
      apiUrl: httpApi.apiUrl,
      motoEndpoint,
      config,
      issuer: httpApi.issuer,
      gate,
      provisioning: {
        seconds: provisioned.seconds,
        resources: provisioned.resources,
        restored: provisioned.restored,
      },
      pools: context.pools,
      pollers,
      database,
      mail,
      functionLogs,
      stateMachines: stepFunctions.stateMachines,
      sfnEndpoint: stepFunctions.sfnEndpoint,
      webUrl: webApp.url,
      statusUrl: statusPage.url,
      status: status.read,
      log,
      token: (subject = "local-developer", ttlSeconds = 12 * 3600) =>
        httpApi.issuer.issue(subject, { ttlSeconds }),
      stop: () => shutdown.run(),
    };
  } catch (error) {
    await shutdown.run();
    throw error;
  }
};
