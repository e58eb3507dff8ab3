import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { IntegrationClients } from "@shoebox/sfn-local";
import { freePort, type MotoServer, startMoto } from "@shoebox/testing";
import { type DeliveryDatabase, startDeliveryDatabase } from "./delivery-database.ts";
import { emulatorAdmin } from "./emulator-admin.ts";
import { EventsLog, type Level, summarizeFunctionLog } from "./events-log.ts";
import { HttpGateway } from "./http-gateway.ts";
import type { IamGate, IssuedCredentials } from "./iam/iam-gate.ts";
import { checkServiceDeliveries } from "./iam/service-deliveries.ts";
import { clientSettings, functionAwsEnvironment, startStackPrincipals } from "./iam/stack-principals.ts";
import { createLocalIssuer, type LocalIssuer } from "./jwt.ts";
import { checkSubscriptions, completeS3NotificationBody, removeConditionalDenies } from "./moto-gaps.ts";
import { provision, repoRoot } from "./provision.ts";
import { audiences, type RuntimeConfig } from "./runtime-config.ts";
import { SfnApi } from "./sfn-api.ts";
import { mappingConcurrency, SqsPoller } from "./sqs-poller.ts";
import { LocalStateMachines } from "./state-machines.ts";
import { FunctionPool, type InvokeResult } from "./workers.ts";

export const DEFAULT_AUDIENCE = "shoebox-local";
/** Environments per HTTP-invoked function (a mapped function gets its maximum_concurrency). */
const HTTP_FUNCTION_CONCURRENCY = 4;

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
  provisioning: { seconds: number; resources: number };
  pools: Map<string, FunctionPool>;
  pollers: Map<string, SqsPoller>;
  /** The customer's PostgreSQL that receipt-delivery writes to. */
  database: DeliveryDatabase;
  /** The state machines of runtime_config, and the Step Functions endpoint the functions reach them on. */
  stateMachines: LocalStateMachines;
  sfnEndpoint: string;
  log: EventsLog;
  token(subject?: string, ttlSeconds?: number): Promise<string>;
  stop(): Promise<void>;
}

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

const accountIdOf = (config: RuntimeConfig): string => {
  const arn = Object.values(config.queues)[0]?.arn ?? Object.values(config.topics)[0] ?? "";
  return arn.split(":")[4] || "123456789012";
};

const envPort = (): number | undefined => {
  const value = process.env.API_PORT ?? process.env.PORT;
  return value ? Number(value) : undefined;
};

/**
 * Starts the whole system locally: the emulator, the Terraform configuration applied to it,
 * a worker pool per function, the HTTP API, the SQS event source mappings and the DLQ watch.
 */
export const startStack = async (options: StackOptions = {}): Promise<Stack> => {
  const log = options.log ?? new EventsLog();
  const manifest = options.manifest ?? join(repoRoot, "dist", "manifest.json");
  if (!existsSync(manifest))
    throw new Error(`${manifest} is missing: run make build (node scripts/build.mjs) first`);
  const workDir = options.workDir ?? join(repoRoot, ".local", "terraform");

  const stoppers: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stoppers.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        log.warn("stack", `shutdown step failed: ${(error as Error).message}`);
      }
    }
  };

  try {
    const apiPort = options.apiPort ?? envPort() ?? (await freePort());
    const issuerUrl = `http://127.0.0.1:${apiPort}`;

    let motoEndpoint = options.motoEndpoint;
    if (!motoEndpoint) {
      log.info("moto", "starting the emulator");
      const moto: MotoServer = await startMoto();
      motoEndpoint = moto.endpoint;
      stoppers.push(async () => {
        await moto.stop();
        log.info("moto", "stopped");
      });
      log.info("moto", `listening on ${motoEndpoint}`);
      for (const patch of moto.patches) log.info("moto", `patched: ${patch}`);
    }

    const database = await startDeliveryDatabase(log, options.env);
    stoppers.push(() => database.stop());

    const provisioned = await provision({
      endpoint: motoEndpoint,
      jwtIssuer: issuerUrl,
      jwtAudience: [DEFAULT_AUDIENCE],
      artifactsManifest: manifest,
      log,
      ...(options.terraformDir ? { terraformDir: options.terraformDir } : {}),
      workDir,
      variables: {
        delivery_database_url: database.url,
        delivery_database_ca_certificate: database.caCertificate,
        ...options.variables,
      },
    });
    const { config } = provisioned;
    const accountId = accountIdOf(config);
    const admin = emulatorAdmin(motoEndpoint, config.region);

    // Before the bucket policies lose their conditional denies below: the gate keeps Terraform's.
    const principals = await startStackPrincipals({ config, endpoint: motoEndpoint, accountId, log });
    const { gate } = principals;
    stoppers.push(() => gate.stop());
    const clientOf = <T>(
      Client: new (settings: ReturnType<typeof clientSettings>) => T,
      of: IssuedCredentials,
    ) => new Client(clientSettings(gate, config.region, of));

    const s3 = new S3Client({ ...admin, forcePathStyle: true });
    const sns = new SNSClient(admin);
    let refusedDeliveries: Awaited<ReturnType<typeof checkServiceDeliveries>>;
    try {
      for (const change of await removeConditionalDenies(s3, Object.values(config.buckets))) {
        log.info(
          "moto",
          `bucket ${change.bucket}: removed conditional Deny ${change.removed.join(", ")} from its policy (moto enforces it without evaluating the condition)`,
        );
      }
      for (const { key, problem } of await checkSubscriptions(sns, config.subscriptions))
        log.warn("moto", `subscription ${key}: ${problem}`);
      log.debug("moto", `subscriptions checked: ${Object.keys(config.subscriptions).join(", ") || "none"}`);
      refusedDeliveries = await checkServiceDeliveries(gate, config, s3);
    } finally {
      s3.destroy();
      sns.destroy();
    }
    log.info(
      "iam",
      refusedDeliveries.length === 0
        ? "S3 notifications and SNS subscriptions into encrypted queues: allowed by the queue and key policies"
        : `${refusedDeliveries.length} service deliveries into queues would be refused on AWS (DENIED above)`,
    );

    // Step Functions: the state machines Terraform published, on a local endpoint of their own.
    const pools = new Map<string, FunctionPool>();
    const machineCredentials = (key: string): IssuedCredentials => {
      const of = principals.stateMachines.get(key);
      if (!of) throw new Error(`state machine ${key} has no credentials`);
      return of;
    };
    const integrationClients = new Map<string, IntegrationClients>();
    stoppers.push(async () => {
      for (const clients of integrationClients.values())
        for (const client of Object.values(clients)) client.destroy();
    });
    const stateMachines = new LocalStateMachines({
      machines: config.state_machines,
      log,
      clientsFor: (key) => {
        let clients = integrationClients.get(key);
        if (!clients) {
          const of = machineCredentials(key);
          clients = {
            dynamodb: clientOf(DynamoDBClient, of),
            sns: clientOf(SNSClient, of),
            sqs: clientOf(SQSClient, of),
          };
          integrationClients.set(key, clients);
        }
        return clients;
      },
      invoke: async (functionKey, payload, machine): Promise<InvokeResult> => {
        const pool = pools.get(functionKey);
        if (!pool) throw new Error(`a state machine task names unknown function ${functionKey}`);
        const denial = await gate.authorize(machineCredentials(machine.key).accessKeyId, [
          { action: "lambda:InvokeFunction", resource: machine.functionArn },
        ]);
        if (!denial) return pool.invoke(payload);
        // What the Lambda integration reports when the state machine's role may not invoke.
        const errorMessage = `${denial.message} (Service: Lambda, Status Code: 403, Error Code: AccessDeniedException)`;
        return {
          ok: false,
          error: { errorType: "Lambda.AWSLambdaException", errorMessage },
          durationMs: 0,
          requestId: "",
        };
      },
    });
    const sfnApi = new SfnApi({ sfn: stateMachines, log });
    const sfnEndpoint = await sfnApi.start();
    // The functions' Step Functions calls pass the gate like every other call, then come here.
    gate.routeService("states", sfnEndpoint);
    log.info(
      "sfn",
      `Step Functions API on ${sfnEndpoint}, behind the IAM gate: ${Object.keys(config.state_machines).join(", ") || "no state machines"}`,
    );

    // The stack's own view of the queues (the DLQ watch): the emulator's administrator.
    const sqs = new SQSClient(admin);
    const principalClients: Array<{ destroy(): void }> = [sqs];
    stoppers.push(async () => {
      for (const client of principalClients) client.destroy();
    });
    const sqsOf = (of: IssuedCredentials): SQSClient => {
      const client = clientOf(SQSClient, of);
      principalClients.push(client);
      return client;
    };
    const functionCredentials = (name: string): IssuedCredentials => {
      const of = principals.functions.get(name);
      if (!of) throw new Error(`function ${name} has no credentials`);
      return of;
    };

    const functionInfoLevel = options.functionInfoLevel ?? "debug";
    for (const [name, fn] of Object.entries(config.functions)) {
      const mapping = config.event_source_mappings[name];
      const pool = new FunctionPool({
        name,
        config: fn,
        zipPath: resolveZip(fn.file, name, manifest, workDir),
        codeDir: join(dirname(workDir), "functions", name),
        awsEnvironment: functionAwsEnvironment(gate, config.region, functionCredentials(name)),
        region: config.region,
        accountId,
        maxConcurrency: mapping ? mappingConcurrency(mapping) : HTTP_FUNCTION_CONCURRENCY,
        onLog: ({ line }) => {
          if (!line.trim()) return;
          const { level, text } = summarizeFunctionLog(line, { stacks: functionInfoLevel === "info" });
          log.emit(name, level === "info" ? functionInfoLevel : level, text);
        },
      });
      await pool.prepare();
      pools.set(name, pool);
    }
    stoppers.push(async () => {
      await Promise.all([...pools.values()].map((pool) => pool.stop()));
      log.info("lambda", "workers stopped");
    });
    log.info("lambda", `${pools.size} functions unpacked from dist/: ${[...pools.keys()].join(", ")}`);
    // Before the workers stop: running executions finish on them, then the endpoint closes.
    stoppers.push(async () => {
      const left = await stateMachines.drain();
      if (left > 0) log.warn("workflow", `${left} execution(s) still running at shutdown`);
      await sfnApi.stop();
      log.info("sfn", "stopped");
    });

    const issuer = await createLocalIssuer(config.http_api.jwt_issuer || issuerUrl, audiences(config));
    const endpointHost = (() => {
      try {
        return new URL(config.http_api.endpoint).hostname;
      } catch {
        return "local.execute-api.localhost";
      }
    })();
    const gateway = new HttpGateway({
      routes: config.http_api.routes,
      issuer,
      sqsFor: (() => {
        const byRole = new Map(
          [...principals.apiRoutes].map(([roleArn, of]) => [roleArn, sqsOf(of)] as const),
        );
        return (route) => {
          const client = route.credentials_arn ? byRole.get(route.credentials_arn) : undefined;
          if (!client) throw new Error(`the SQS route to ${route.queue_url} has no credentials role`);
          return client;
        };
      })(),
      log,
      port: apiPort,
      apiId: endpointHost.split(".")[0] ?? "local",
      accountId,
      invoke: async (functionKey, event) => {
        const pool = pools.get(functionKey);
        if (!pool) throw new Error(`route targets unknown function ${functionKey}`);
        return pool.invoke(event);
      },
    });
    const apiUrl = await gateway.start();
    stoppers.push(async () => {
      await gateway.stop();
      log.info("api", "stopped");
    });
    log.info("api", `HTTP API on ${apiUrl}: ${Object.keys(config.http_api.routes).join(", ")}`);

    const pollers = new Map<string, SqsPoller>();
    for (const [name, mapping] of Object.entries(config.event_source_mappings)) {
      const pool = pools.get(name) as FunctionPool;
      const queue = Object.values(config.queues).find(
        (candidate) => candidate.arn === mapping.queue_arn || candidate.url === mapping.queue_url,
      );
      const poller = new SqsPoller({
        name,
        mapping,
        region: config.region,
        // Lambda polls a queue with the function's own role, as on AWS.
        sqs: sqsOf(functionCredentials(name)),
        log,
        invoke: (event) => pool.invoke(event),
        completeBody: completeS3NotificationBody,
        ...(queue ? { maxReceiveCount: queue.max_receive_count } : {}),
        ...(options.waitTimeSeconds ? { waitTimeSeconds: options.waitTimeSeconds } : {}),
      });
      poller.start();
      pollers.set(name, poller);
      log.info(
        "lambda",
        `${name} polls ${mapping.queue_url.split("/").pop()} (batch ${mapping.batch_size}, window ${mapping.maximum_batching_window_in_seconds} s, concurrency ${poller.concurrency})`,
      );
    }
    // Pollers stop before the workers and the emulator (stoppers run in reverse).
    stoppers.push(async () => {
      await Promise.all([...pollers.values()].map((poller) => poller.stop()));
      log.info("lambda", "pollers stopped");
    });

    stoppers.push(watchDeadLetterQueues(config, sqs, log));

    return {
      apiUrl,
      motoEndpoint,
      config,
      issuer,
      gate,
      provisioning: { seconds: provisioned.seconds, resources: provisioned.resources },
      pools,
      pollers,
      database,
      stateMachines,
      sfnEndpoint,
      log,
      token: (subject = "local-developer", ttlSeconds = 12 * 3600) => issuer.issue(subject, { ttlSeconds }),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};

/** Reports every message that lands in a dead-letter queue (without receiving it). */
const watchDeadLetterQueues = (
  config: RuntimeConfig,
  sqs: SQSClient,
  log: EventsLog,
): (() => Promise<void>) => {
  const counts = new Map<string, number>();
  let stopped = false;
  const check = async () => {
    for (const queue of Object.values(config.queues)) {
      if (stopped || !queue.dlq_url) continue;
      try {
        const response = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queue.dlq_url,
            AttributeNames: ["ApproximateNumberOfMessages"],
          }),
        );
        const count = Number(response.Attributes?.ApproximateNumberOfMessages ?? 0);
        const before = counts.get(queue.dlq_url) ?? 0;
        if (count > before) {
          log.warn(
            "dlq",
            `${queue.dlq_url.split("/").pop()}: ${count} message(s) (+${count - before}) after ${queue.max_receive_count} receives`,
            { queue: queue.dlq_url, count },
          );
        }
        counts.set(queue.dlq_url, count);
      } catch {
        // the emulator is going away
      }
    }
  };
  const timer = setInterval(() => void check(), 2000);
  return async () => {
    stopped = true;
    clearInterval(timer);
  };
};
