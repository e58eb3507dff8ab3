/** The local HTTP API as the demo's client calls it: its URL and the client's bearer token. */
export interface ApiClient {
  api: string;
  authorization: string;
}

/** GET on the API as the client. */
export const apiGet = (client: ApiClient, path: string): Promise<Response> =>
  fetch(`${client.api}${path}`, { headers: { authorization: client.authorization } });
