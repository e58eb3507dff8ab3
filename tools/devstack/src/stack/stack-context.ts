import type { EventsLog } from "../events-log.ts";
import type { StackPrincipals } from "../iam/stack-principals.ts";
import type { RuntimeConfig } from "../runtime-config.ts";
import type { FunctionPool } from "../workers.ts";
import type { GateClients } from "./gate-clients.ts";

/**
 * What the start-up steps after the IAM gate share: the applied configuration, who calls AWS as
 * which role, their clients, and the function pools by function key (filled by
 * prepareFunctionPools; the other steps look a pool up per invocation).
 */
export interface StackContext {
  config: RuntimeConfig;
  accountId: string;
  principals: StackPrincipals;
  clients: GateClients;
  pools: Map<string, FunctionPool>;
  log: EventsLog;
}
