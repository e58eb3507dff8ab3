import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { BuildError } from "./errors.mjs";
import { filesNeverLoaded } from "./target.mjs";

/*
 * Lays out a node_modules folder of real files from packages installed by pnpm, for a zip:
 * pnpm's symlinks are followed, every dependency is found the way Node finds it (walking up
 * from the package's real folder), and optional dependencies are kept only when their
 * `os` / `cpu` / `libc` fields match the target, which is how sharp's native packages for the
 * other architecture are left out.
 */

/** Where Node would find `name` when required from `fromDir`, as a real path; undefined if nowhere. */
export const resolvePackageDir = (name, fromDir) => {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== "node_modules") {
      const candidate = path.join(dir, "node_modules", name);
      if (existsSync(path.join(candidate, "package.json"))) return realpathSync(candidate);
    }
    if (path.dirname(dir) === dir) return undefined;
  }
};

/** The package name in an import specifier: `sharp/lib/x` -> `sharp`, `@img/colour/x` -> `@img/colour`. */
export const packageNameOf = (specifier) => {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
};

const readPackageJson = (dir) => JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));

/** npm's rule for `os`, `cpu` and `libc`: listed values allow, `!value` forbids, no list allows all. */
const platformFieldAllows = (values, actual) => {
  if (!values) return true;
  const list = Array.isArray(values) ? values : [values];
  if (list.includes(`!${actual}`)) return false;
  const allowed = list.filter((value) => !value.startsWith("!"));
  return allowed.length === 0 || allowed.includes(actual);
};

export const runsOn = (packageJson, target) =>
  platformFieldAllows(packageJson.os, target.os) &&
  platformFieldAllows(packageJson.cpu, target.cpu) &&
  platformFieldAllows(packageJson.libc, target.libc);

/** The dependencies a package needs at run time: dependencies, installed peers, optionals for the target. */
const runtimeDependencies = (pkg, target) => {
  const needed = [];
  for (const name of Object.keys(pkg.packageJson.dependencies ?? {})) {
    const dir = resolvePackageDir(name, pkg.dir);
    if (!dir) throw new BuildError(`${pkg.name} needs ${name}, which is not installed: run pnpm install`);
    needed.push({ name, dir });
  }
  for (const name of Object.keys(pkg.packageJson.peerDependencies ?? {})) {
    const dir = resolvePackageDir(name, pkg.dir);
    if (dir) needed.push({ name, dir });
  }
  for (const name of Object.keys(pkg.packageJson.optionalDependencies ?? {})) {
    if (pkg.packageJson.dependencies?.[name]) continue;
    const dir = resolvePackageDir(name, pkg.dir);
    if (dir) {
      if (runsOn(readPackageJson(dir), target)) needed.push({ name, dir });
    } else if (isNativePackageFor(name, target)) {
      throw new BuildError(
        `${pkg.name} needs ${name} on ${target.os}-${target.cpu} (${target.libc}), but it is not installed: ` +
          "pnpm-workspace.yaml's supportedArchitectures must list that cpu; then run pnpm install",
      );
    }
  }
  return needed;
};

/*
 * An optional dependency that is not installed can be either a platform package for another
 * platform (fine) or the one this target needs (fatal). Names carry the platform by convention
 * (`@img/sharp-linux-x64`, `@img/sharp-libvips-linux-arm64`); musl variants are not ours.
 */
const isNativePackageFor = (name, target) =>
  new RegExp(`-${target.os}-${target.cpu}$`).test(name) && !name.includes("musl");

/**
 * The packages `roots` need at run time and where each goes in node_modules, hoisted like npm:
 * a package goes to the top unless a different version is already visible from its dependent,
 * then it nests under the dependent. Returns entries sorted by install path.
 *
 * @example
 * layOutPackages([{ name: "sharp", dir: "/repo/node_modules/.pnpm/sharp@0.35.5/node_modules/sharp" }], target)
 * // [{ installPath: "node_modules/@img/colour", ... }, { installPath: "node_modules/sharp", ... }, ...]
 */
export const layOutPackages = (roots, target) => {
  const placed = new Map(); // install path -> package
  const queue = [];
  const place = (installPath, name, dir) => {
    const pkg = { name, dir, installPath, packageJson: readPackageJson(dir) };
    placed.set(installPath, pkg);
    queue.push(pkg);
  };
  for (const root of roots) {
    const installPath = `node_modules/${root.name}`;
    const existing = placed.get(installPath);
    if (existing && existing.dir !== root.dir) {
      throw new BuildError(
        `two versions of ${root.name} are needed at the top of node_modules (${existing.dir} and ${root.dir})`,
      );
    }
    if (!existing) place(installPath, root.name, root.dir);
  }
  while (queue.length > 0) {
    const pkg = queue.shift();
    for (const dependency of runtimeDependencies(pkg, target)) {
      const visible = visibleFrom(placed, pkg.installPath, dependency.name);
      if (visible?.dir === dependency.dir) continue;
      const installPath = visible
        ? `${pkg.installPath}/node_modules/${dependency.name}`
        : `node_modules/${dependency.name}`;
      place(installPath, dependency.name, dependency.dir);
    }
  }
  return [...placed.values()].sort((a, b) => compareStrings(a.installPath, b.installPath));
};

/** The package Node would find for `name` from a package installed at `installPath`. */
const visibleFrom = (placed, installPath, name) => {
  const segments = installPath.split("/");
  for (let end = segments.length; end > 0; end--) {
    if (segments[end - 1] === "node_modules") continue;
    const candidate = [...segments.slice(0, end), "node_modules", name].join("/");
    if (placed.has(candidate)) return placed.get(candidate);
  }
  return placed.get(`node_modules/${name}`);
};

export const compareStrings = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Files that only serve development: type declarations, C++ sources, readmes and changelogs. */
const developmentOnly =
  /(\.d\.[cm]?ts|\.(cc|cpp|h|hpp|gyp|gypi)|(^|\/)(README|CHANGELOG|HISTORY)(\.[a-z]+)?)$/i;

/**
 * Every file of a package as a zip entry source, following symlinks. The package's own
 * node_modules folder is skipped: pnpm keeps only `.bin` links there, and dependencies are
 * laid out by `layOutPackages`. With `prune`, development-only files are left out too, and
 * the package's files that no function loads (`filesNeverLoaded` in target.mjs).
 */
export const packageFiles = (pkg, { prune = true } = {}) => {
  const neverLoaded = prune ? (filesNeverLoaded[pkg.name] ?? []) : [];
  const leftOut = (relativePath) =>
    prune &&
    (developmentOnly.test(relativePath) || neverLoaded.some((pattern) => pattern.test(relativePath)));
  const files = [];
  const walk = (dir, relative) => {
    for (const name of readdirSync(dir).sort(compareStrings)) {
      const relativePath = relative ? `${relative}/${name}` : name;
      if (relativePath === "node_modules") continue;
      const absolutePath = path.join(dir, name);
      const stats = statSync(absolutePath);
      if (stats.isDirectory()) walk(absolutePath, relativePath);
      else if (stats.isFile() && !leftOut(relativePath)) {
        files.push({
          path: `${pkg.installPath}/${relativePath}`,
          source: absolutePath,
          executable: needsExecutableBit(absolutePath, stats.mode),
        });
      }
    }
  };
  walk(pkg.dir, "");
  return files;
};

/**
 * The executable bit is kept only for files that are executable on disk AND are programs
 * (ELF binaries or `#!` scripts); shared libraries and `.node` addons are loaded with dlopen,
 * which needs read access only.
 */
const needsExecutableBit = (file, mode) => {
  if ((mode & 0o111) === 0) return false;
  const header = Buffer.alloc(18);
  const fd = openSync(file, "r");
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (header[0] === 0x23 && header[1] === 0x21) return true; // "#!"
  const isElf = header.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  // e_type 2 is an executable; 3 (a shared object) is a library to dlopen, or a rare PIE program.
  return isElf && header.readUInt16LE(16) === 2;
};
