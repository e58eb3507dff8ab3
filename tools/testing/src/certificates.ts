import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";

/*
 * A throwaway certificate authority and one server certificate it signed, made with the
 * `openssl` command (Debian has it wherever PostgreSQL is installed): what a customer's
 * database with its own CA looks like, so tests prove that the delivery code verifies the
 * chain and the host name rather than trusting any certificate. P-256 keys: a few
 * milliseconds each, so every test server can have its own CA.
 */

export interface TestCertificates {
  /** The CA's certificate (PEM): what a client must trust. */
  caCertificate: string;
  caCertificateFile: string;
  /** The server's certificate and key files (the key readable by its owner only). */
  serverCertificateFile: string;
  serverKeyFile: string;
}

/** The names a test server's certificate is for, unless a test asks for others. */
export const LOCAL_SERVER_NAMES = ["127.0.0.1", "localhost"];

const openssl = (args: string[]): void => {
  const result = spawnSync("openssl", args, { encoding: "utf8", timeout: 30_000 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new Error(
      "the `openssl` command was not found; the test PostgreSQL server needs it for its TLS certificates (Debian: `apt-get install -y openssl`)",
    );
  }
  if (result.status !== 0)
    throw new Error(`openssl ${args[0]} failed (exit ${result.status}): ${result.stderr}`);
};

/** `127.0.0.1` -> `IP:127.0.0.1`, `localhost` -> `DNS:localhost`. */
const subjectAltName = (names: readonly string[]): string =>
  names.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(",");

/**
 * Writes a new CA and a server certificate for `serverNames` (IP addresses or DNS names, all
 * in subjectAltName, which is what clients check) into `dir`, valid for two days.
 *
 * @example
 * const { caCertificate, serverCertificateFile, serverKeyFile } = makeTestCertificates(dir);
 * const wrongHost = makeTestCertificates(otherDir, { serverNames: ["wrong.example"] });
 */
export const makeTestCertificates = (
  dir: string,
  options: { serverNames?: readonly string[] } = {},
): TestCertificates => {
  const serverNames = options.serverNames ?? LOCAL_SERVER_NAMES;
  const file = (name: string) => join(dir, name);
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl([
    "req",
    "-x509",
    ...ecKey,
    "-keyout",
    file("ca.key"),
    "-out",
    file("ca.crt"),
    "-days",
    "2",
    "-subj",
    `/CN=shoebox throwaway test CA ${randomBytes(4).toString("hex")}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  openssl([
    "req",
    "-new",
    ...ecKey,
    "-keyout",
    file("server.key"),
    "-out",
    file("server.csr"),
    "-subj",
    `/CN=${serverNames[0] ?? "localhost"}`,
  ]);
  writeFileSync(
    file("server.ext"),
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      `subjectAltName=${subjectAltName(serverNames)}`,
      "",
    ].join("\n"),
  );
  openssl([
    "x509",
    "-req",
    "-in",
    file("server.csr"),
    "-CA",
    file("ca.crt"),
    "-CAkey",
    file("ca.key"),
    "-set_serial",
    `0x${randomBytes(8).toString("hex")}`,
    "-days",
    "2",
    "-extfile",
    file("server.ext"),
    "-out",
    file("server.crt"),
  ]);
  return {
    caCertificate: readFileSync(file("ca.crt"), "utf8"),
    caCertificateFile: file("ca.crt"),
    serverCertificateFile: file("server.crt"),
    serverKeyFile: file("server.key"),
  };
};
