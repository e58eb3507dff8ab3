import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  declaredVariables,
  EMULATED_SERVICES,
  errorsOf,
  prepareWorkDir,
  providerAliases,
  providerOverride,
} from "../src/provision.ts";
import { parseRuntimeConfig } from "../src/runtime-config.ts";

describe("provider override", () => {
  it("points every emulated service at the emulator and skips the AWS account checks", () => {
    const override = providerOverride("http://127.0.0.1:5000");
    for (const service of EMULATED_SERVICES)
      expect(override).toMatch(new RegExp(`\\b${service}\\s+= "http://127.0.0.1:5000"`));
    for (const flag of [
      "skip_credentials_validation",
      "skip_metadata_api_check",
      "skip_requesting_account_id",
      "s3_use_path_style",
    ]) {
      expect(override).toMatch(new RegExp(`${flag}\\s+= true`));
    }
    expect(override).toContain('access_key                  = "test"');
  });

  it("writes one block per provider alias", () => {
    const aliases = providerAliases([
      'provider "aws" {\n  region = var.region\n  default_tags { tags = {} }\n}\n',
      'provider "aws" {\n  alias  = "us_east_1"\n  region = "us-east-1"\n}\n',
    ]);
    expect(aliases).toEqual(["", "us_east_1"]);
    const override = providerOverride("http://x", aliases);
    expect(override.match(/provider "aws"/g)).toHaveLength(2);
    expect(override).toContain('alias = "us_east_1"');
  });

  it("lists the variables a configuration declares", () => {
    expect([
      ...declaredVariables([
        'variable "a" {}\nvariable "environment" {\n type = string\n}',
        '  variable "b" {}',
      ]),
    ]).toEqual(["a", "environment", "b"]);
  });
});

describe("prepareWorkDir", () => {
  it("copies the configuration without state or plugins and links the folders it reaches with ../", () => {
    const root = mkdtempSync(join(tmpdir(), "devstack-tf-"));
    const terraformDir = join(root, "terraform");
    mkdirSync(join(terraformDir, ".terraform"), { recursive: true });
    mkdirSync(join(terraformDir, "modules", "m"), { recursive: true });
    mkdirSync(join(root, "dist"));
    writeFileSync(join(terraformDir, "main.tf"), `locals { m = "$\{path.root}/../dist/manifest.json" }`);
    writeFileSync(join(terraformDir, "modules", "m", "main.tf"), "# module");
    writeFileSync(join(terraformDir, "terraform.tfstate"), "{}");
    writeFileSync(join(terraformDir, "mine_override.tf"), "# someone's override");
    const workDir = join(root, ".local", "terraform");
    mkdirSync(join(workDir, ".terraform"), { recursive: true });
    writeFileSync(join(workDir, "terraform.tfstate"), "old state");
    writeFileSync(join(workDir, ".terraform", "kept"), "plugins");

    // The folders linked beside the copy: part of what a record of the apply depends on.
    expect(prepareWorkDir(terraformDir, workDir)).toEqual([join(root, "dist")]);

    expect(readFileSync(join(workDir, "main.tf"), "utf8")).toContain("path.root");
    expect(existsSync(join(workDir, "modules", "m", "main.tf"))).toBe(true);
    expect(existsSync(join(workDir, "terraform.tfstate"))).toBe(false);
    expect(existsSync(join(workDir, "mine_override.tf"))).toBe(false);
    expect(existsSync(join(workDir, ".terraform", "kept"))).toBe(true);
    expect(readlinkSync(join(root, ".local", "dist"))).toBe(join(root, "dist"));
  });
});

describe("parseRuntimeConfig", () => {
  const valid = {
    region: "eu-west-1",
    http_api: {
      endpoint: "https://x",
      jwt_issuer: "http://127.0.0.1:1",
      jwt_audience: ["a"],
      routes: { "GET /photos": { type: "lambda", function: "photos-api" } },
    },
    functions: {
      "photos-api": {
        function_name: "p",
        file: "p.zip",
        handler: "index.handler",
        timeout: 10,
        memory_size: 256,
        environment: {},
      },
    },
    event_source_mappings: {},
    queues: {},
    buckets: {},
    tables: {},
    topics: {},
  };

  it("accepts Terraform's output", () => {
    expect(parseRuntimeConfig(valid).region).toBe("eu-west-1");
  });

  it("names what does not fit", () => {
    expect(() =>
      parseRuntimeConfig({
        ...valid,
        http_api: { ...valid.http_api, routes: { "GET /x": { type: "lambda", function: "nope" } } },
      }),
    ).toThrow(/nope/);
    expect(() => parseRuntimeConfig({ ...valid, event_source_mappings: { ghost: {} } })).toThrow(/ghost/);
    expect(() => parseRuntimeConfig({ ...valid, region: undefined })).toThrow(/region/);
  });
});

describe("errorsOf", () => {
  it("keeps Terraform's error blocks and drops the plan before them", () => {
    const output = [
      "  # module.queue.aws_sqs_queue.this will be created",
      '  + name = "q"',
      "╷",
      "│ Error: Invalid count argument",
      "│ ",
      '│   on modules/alarms/main.tf line 3, in resource "aws_cloudwatch_metric_alarm" "x":',
      "╵",
    ].join("\n");
    expect(errorsOf(output)).toBe(output.split("\n").slice(2).join("\n"));
    expect(errorsOf("no errors here")).toBe("no errors here");
  });
});
