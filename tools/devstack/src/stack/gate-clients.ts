import type { IamGate, IssuedCredentials } from "../iam/iam-gate.ts";
import { clientSettings } from "../iam/stack-principals.ts";

/**
 * The SDK clients the stack makes for a principal (a state machine's integrations, an API
 * route's or a poller's SQS client): each calls AWS through the gate with that principal's
 * credentials, and all are destroyed together at shutdown.
 */
export class GateClients {
  private readonly gate: IamGate;
  private readonly region: string;
  private readonly clients: Array<{ destroy(): void }> = [];

  constructor(gate: IamGate, region: string) {
    this.gate = gate;
    this.region = region;
  }

  create<T extends { destroy(): void }>(
    Client: new (settings: ReturnType<typeof clientSettings>) => T,
    credentials: IssuedCredentials,
  ): T {
    const client = new Client(clientSettings(this.gate, this.region, credentials));
    this.clients.push(client);
    return client;
  }

  destroyAll(): void {
    for (const client of this.clients.splice(0)) client.destroy();
  }
}

/** The credentials issued for `key` (a function or state machine key); `what` names it in the error. */
export const credentialsOf = (
  issued: ReadonlyMap<string, IssuedCredentials>,
  key: string,
  what: string,
): IssuedCredentials => {
  const credentials = issued.get(key);
  if (!credentials) throw new Error(`${what} ${key} has no credentials`);
  return credentials;
};
