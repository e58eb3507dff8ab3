import { SQSClient } from "@aws-sdk/client-sqs";
import { HttpGateway, type HttpGatewayOptions } from "../http-gateway.ts";
import type { StackPrincipals } from "../iam/stack-principals.ts";
import { createLocalIssuer, type LocalIssuer } from "../jwt.ts";
import { audiences } from "../runtime-config.ts";
import type { GateClients } from "./gate-clients.ts";
import type { StackContext } from "./stack-context.ts";

/** The API id of runtime_config's endpoint (its first host label), as API Gateway puts it in events. */
const apiIdOf = (endpoint: string): string => {
  const host = (() => {
    try {
      return new URL(endpoint).hostname;
    } catch {
      return "local.execute-api.localhost";
    }
  })();
  return host.split(".")[0] ?? "local";
};

/** An SQS route's client: the route's credentials role, one client per role. */
const sqsRouteClients = (principals: StackPrincipals, clients: GateClients): HttpGatewayOptions["sqsFor"] => {
  const byRole = new Map(
    [...principals.apiRoutes].map(([roleArn, of]) => [roleArn, clients.create(SQSClient, of)] as const),
  );
  return (route) => {
    const client = route.credentials_arn ? byRole.get(route.credentials_arn) : undefined;
    if (!client) throw new Error(`the SQS route to ${route.queue_url} has no credentials role`);
    return client;
  };
};

/**
 * The HTTP API of runtime_config on 127.0.0.1:`port`, behind a JWT issuer of its own (Terraform's
 * `jwt_issuer`, else `issuerUrl`): Lambda routes run on the function pools, SQS routes send as
 * their credentials role through the gate; CORS for the origins Terraform was given as
 * cors_allowed_origins. `stop` closes the server.
 */
export const startHttpApi = async (
  context: StackContext,
  server: { port: number; issuerUrl: string; corsAllowedOrigins: readonly string[] },
): Promise<{ apiUrl: string; issuer: LocalIssuer; stop: () => Promise<void> }> => {
  const { config, pools, log } = context;
  const issuer = await createLocalIssuer(config.http_api.jwt_issuer || server.issuerUrl, audiences(config));
  const gateway = new HttpGateway({
    routes: config.http_api.routes,
    issuer,
    sqsFor: sqsRouteClients(context.principals, context.clients),
    log,
    port: server.port,
    corsAllowedOrigins: server.corsAllowedOrigins,
    apiId: apiIdOf(config.http_api.endpoint),
    accountId: context.accountId,
    invoke: async (functionKey, event) => {
      const pool = pools.get(functionKey);
      if (!pool) throw new Error(`route targets unknown function ${functionKey}`);
      return pool.invoke(event);
    },
  });
  const apiUrl = await gateway.start();
  log.info("api", `HTTP API on ${apiUrl}: ${Object.keys(config.http_api.routes).join(", ")}`);
  const stop = async () => {
    await gateway.stop();
    log.info("api", "stopped");
  };
  return { apiUrl, issuer, stop };
};
