import { BuildError } from "./errors.mjs";

/** The Lambda runtime every function is built for; the bundle targets the same Node major. */
export const lambdaRuntime = "nodejs22.x";
export const nodeTarget = "node22";
export const lambdaHandler = "index.handler";

/**
 * Packages that stay out of the bundle and ship as real files in the zip's node_modules,
 * because they load native code (`.node` addons and shared libraries) at run time.
 */
export const nativePackages = ["sharp"];

/**
 * Optional dependencies that bundled code requires only on request and we never request:
 * `pg` loads `pg-native` only when `pg.native` is read. They stay external and are not shipped.
 */
export const unusedOptionalPackages = ["pg-native"];

/** Lambda architecture names and the npm platform fields (`cpu`, `os`, `libc`) they stand for. */
const architectures = {
  x86_64: { architecture: "x86_64", cpu: "x64", os: "linux", libc: "glibc" },
  arm64: { architecture: "arm64", cpu: "arm64", os: "linux", libc: "glibc" },
};

const hostArchitecture = { x64: "x86_64", arm64: "arm64" };

/**
 * The target of this build: `ARCH` (x86_64 or arm64), or this machine's own architecture.
 *
 * @example
 * targetFromEnv({ ARCH: "arm64" }) // { architecture: "arm64", cpu: "arm64", os: "linux", libc: "glibc" }
 */
export const targetFromEnv = (env = process.env, arch = process.arch) => {
  const requested = env.ARCH?.trim() || hostArchitecture[arch];
  if (!requested) {
    throw new BuildError(
      `this machine's architecture (${arch}) is not one Lambda runs: set ARCH=x86_64 or ARCH=arm64`,
    );
  }
  const target = architectures[requested];
  if (!target) {
    throw new BuildError(
      `unknown ARCH "${requested}": Lambda runs x86_64 or arm64 (set ARCH=x86_64 or ARCH=arm64)`,
    );
  }
  return target;
};

/** This machine as a target: what the smoke test and the benchmark can actually run. */
export const hostTarget = () => targetFromEnv({}, process.arch);
