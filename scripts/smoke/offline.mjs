/*
 * Preloaded (`--import`) into every process the smoke test starts, and by Node into each worker
 * thread started from a file (tesseract.js runs its engine in one; `eval` workers get no
 * preloads): the function runs with no network.
 * A TCP connection or a DNS lookup for anything but this machine (the loopback, where the smoke
 * test's AWS endpoint and a test's moto server listen) fails at once, as an unreachable network
 * does, and leaves one `OFFLINE_REFUSAL` line on stderr, which fresh-process.mjs reports: a
 * library that swallowed the failure and fell back still fails the smoke test.
 *
 * All our code reaches the network through Node's `net` (http, https, fetch/undici, the AWS
 * SDK) or `dns`; WebAssembly and sharp's libvips open no sockets of their own.
 */
import dns from "node:dns";
import net from "node:net";
import { OFFLINE_REFUSAL } from "./fresh-process.mjs";

const isLoopback = (host) =>
  host === undefined ||
  host === "localhost" ||
  host === "::1" ||
  host === "[::1]" ||
  /^127\.\d+\.\d+\.\d+$/.test(host) ||
  /^::ffff:127\./.test(host);

const refusal = (what) => {
  process.stderr.write(`${OFFLINE_REFUSAL} ${what} (the function runs with no network)\n`);
  return Object.assign(new Error(`connect ENETUNREACH ${what}: the function runs with no network`), {
    code: "ENETUNREACH",
  });
};

/**
 * The host a `socket.connect(...)` call names: (options), (port, host?) or (path), the last
 * two also as net.connect's normalized array. No host means this machine (a local port, or an
 * IPC socket's path; http passes its request path in `options.path` too, so it decides nothing).
 */
const destinationOf = (args) => {
  const [first, second] = Array.isArray(args[0]) ? args[0] : args;
  if (first !== null && typeof first === "object") return { host: first.host, port: first.port };
  if (typeof first === "string" && Number.isNaN(Number(first))) return { host: undefined, port: first };
  return { host: typeof second === "string" ? second : undefined, port: first };
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connectWithinThisMachine(...args) {
  const destination = destinationOf(args);
  if (!isLoopback(destination.host)) {
    const error = refusal(`a connection to ${destination.host}:${destination.port}`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function lookupWithinThisMachine(hostname, ...rest) {
  if (isLoopback(hostname)) return lookup.call(this, hostname, ...rest);
  const callback = rest.at(-1);
  const error = refusal(`a DNS lookup of ${hostname}`);
  process.nextTick(() => callback(error));
  return {};
};
const lookupPromise = dns.promises.lookup;
dns.promises.lookup = (hostname, ...rest) =>
  isLoopback(hostname)
    ? lookupPromise(hostname, ...rest)
    : Promise.reject(refusal(`a DNS lookup of ${hostname}`));
