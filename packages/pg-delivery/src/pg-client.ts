/// <reference path="./pg-lib-client.d.ts" />
import type pg from "pg";
// pg's main entry point also loads its optional native binding (pg-native), which a Lambda
// bundle cannot hold; the pure JavaScript client is all this package uses.
import PureClient from "pg/lib/client.js";

/** pg's `Client`, without the native binding. */
export const Client: typeof pg.Client = PureClient;
export type Client = pg.Client;
