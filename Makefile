# shoebox: every command a developer or CI needs. Each target installs what it lacks first
# (Node 22 and pnpm into .tools/, moto and checkov into .venv/, the pnpm workspace).
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/.venv/bin:$(PATH)

# Lambda architecture of the build: x86_64 or arm64 (default: this machine's own).
ARCH ?=
export ARCH

.PHONY: setup build agent test unit typecheck lint format smoke tf-check dev demo demo-peak verify-deploy bench clean

setup: ## install Node 22, pnpm, moto, checkov and the workspace
	@bash scripts/bootstrap.sh

build: setup ## bundle every function into dist/<function>.zip and write dist/manifest.json
	@node scripts/build.mjs

agent: setup ## the delivery agent customers install: dist/agent/shoebox-delivery-agent-<version>.tar.gz
	@node scripts/build-agent.mjs

test: setup ## everything CI runs; ends with one line "N passed, N failed"
	@node scripts/test-all.mjs

unit: setup ## each package's vitest suite, through turbo
	@turbo run test

typecheck: setup
	@turbo run typecheck

lint: setup
	@biome check .

format: setup
	@biome check --write .

smoke: build ## load and invoke every zip in a fresh Node 22 process with nothing beside it
	@node scripts/smoke-test.mjs

tf-check: setup ## terraform fmt, offline init, validate, terraform test, checkov
	@bash scripts/tf-check.sh

dev: build ## the whole system on this machine, on the moto emulator, until Ctrl-C
	@node scripts/dev.mjs

PHOTOS ?=
REPORT ?=
demo: build ## upload a folder of images through the local API and report what became of each
	@node scripts/demo.mjs $(if $(PHOTOS),--photos "$(PHOTOS)") $(if $(REPORT),--report "$(REPORT)")

RECEIPTS ?=
demo-peak: build ## N synthetic receipts (default 200) as one batch through the local stack into PostgreSQL; one JSON line
	@node scripts/demo-peak.mjs $(if $(RECEIPTS),--receipts $(RECEIPTS))

# Right after terraform apply: the API URL from the Terraform outputs (or SHOEBOX_API_URL), a test user's
# token from SHOEBOX_VERIFY_TOKEN or SHOEBOX_VERIFY_TOKEN_COMMAND. Needs the workspace (sharp), not the build.
verify-deploy: setup ## upload a photo and a receipt to the deployed stack, wait for them end to end; one JSON line, exit 1 on any failure
	@node scripts/verify-deploy.mjs

# Installs nothing system-wide: without ImageMagick, bench/thumbnails.mjs skips that comparison and
# says which command installs it.
bench: build ## benchmarks; figures printed and written to bench/results/
	@node bench/run-all.mjs

clean:
	rm -rf dist .local .turbo node_modules/.cache
