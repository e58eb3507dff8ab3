#!/usr/bin/env bash
# Installs everything the project needs that a fresh machine lacks, into the project itself:
#   .tools/  Node 22 (the `node` npm package carries the binary) and pnpm, pinned
#   .venv/   moto (local AWS emulator) and checkov (IaC scanner), pinned in requirements-dev.txt
#   node_modules/  the pnpm workspace
# Each step is skipped when its pinned version is already in place, so re-running costs seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=22.23.3
PNPM_VERSION=10.34.8
say() { printf '[bootstrap] %s\n' "$*"; }

if [ "$(.tools/node_modules/.bin/node --version 2>/dev/null)" != "v$NODE_VERSION" ] ||
   [ "$(.tools/node_modules/.bin/pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  say "installing Node $NODE_VERSION and pnpm $PNPM_VERSION into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-save --no-audit --no-fund --loglevel=error \
    "node@$NODE_VERSION" "pnpm@$PNPM_VERSION" >/dev/null
fi
export PATH="$PWD/.tools/node_modules/.bin:$PATH"

if [ ! -f .venv/.requirements ] || ! cmp -s requirements-dev.txt .venv/.requirements; then
  say "installing moto and checkov into .venv/ (first run takes a minute)"
  python3 -m venv .venv
  # A machine-wide pip configuration may name local indexes that do not exist: not our problem.
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt 2> >(grep -v "is ignored: it is neither" >&2)
  cp requirements-dev.txt .venv/.requirements
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  say "installing PostgreSQL's server binaries (apt-get install postgresql)"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

# The web app's browser tests drive Chromium with playwright-core; Debian's package installs
# where Playwright's own download is not reachable.
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  say "installing Chromium for the browser tests (apt-get install chromium)"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ] || [ package.json -nt node_modules/.modules.yaml ]; then
  say "installing workspace dependencies with pnpm"
  # CI must build from the committed lockfile; locally a changed package.json may update it.
  if [ -n "${CI:-}" ]; then lockfile_mode=--frozen-lockfile; else lockfile_mode=--prefer-offline; fi
  pnpm install "$lockfile_mode" --reporter=append-only
fi
say "ready: node $(node --version), pnpm $(pnpm --version), $(.venv/bin/pip list 2>/dev/null | grep -E '^(moto|checkov) ' | tr -s ' ' | paste -sd, -)"
