import path from "node:path";
import * as esbuild from "esbuild";
import { describe, expect, it } from "vitest";
import { awsCommandsIn } from "../../build/aws-commands.mjs";
import { BuildError } from "../../build/errors.mjs";
import { sideEffectFreePlugin } from "../../build/side-effect-free.mjs";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const fixture = (name) => path.join(import.meta.dirname, "../fixtures/aws-commands", name);

/** Bundles a fixture the way scripts/build/bundle.mjs bundles a function, and returns the metafile. */
const metafileOf = async (entryPoint, { plugins = [sideEffectFreePlugin()] } = {}) => {
  const { metafile } = await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: [entryPoint],
    outdir: repoRoot,
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    mainFields: ["module", "main"],
    minify: true,
    metafile: true,
    logLevel: "silent",
    // @aws-sdk/lib-dynamodb is a dependency of packages/runtime, not of the repository's root.
    nodePaths: [path.join(repoRoot, "packages/runtime/node_modules")],
    plugins,
  });
  return metafile;
};

const namesOf = (commands) => commands.map((command) => command.command);

/** A metafile with one output made of these inputs, each contributing `bytes`. */
const metafileWith = (inputs, bytes = 100) => ({
  inputs: {},
  outputs: {
    "index.mjs": {
      entryPoint: "handler.ts",
      inputs: Object.fromEntries(inputs.map((input) => [input, { bytesInOutput: bytes }])),
    },
  },
});

const pnpmModule = (pkg, file) =>
  `node_modules/.pnpm/@aws-sdk+${pkg}@3.1175.0/node_modules/@aws-sdk/${pkg}/dist-es/${file}`;

describe("awsCommandsIn on a real esbuild bundle", () => {
  it("finds the one command a bundle sends, not the client's others", async () => {
    const metafile = await metafileOf(fixture("send-message-batch.mjs"));

    const commands = awsCommandsIn(metafile);

    expect(commands).toEqual([
      {
        command: "SQS:SendMessageBatch",
        required: ["sqs:SendMessage"],
        oneOf: [],
        optional: [],
      },
    ]);
  });

  it("finds a command sent through @aws-sdk/lib-dynamodb as the client command it wraps", async () => {
    const metafile = await metafileOf(fixture("document-get.mjs"));

    expect(namesOf(awsCommandsIn(metafile))).toEqual(["DynamoDB:GetItem"]);
  });

  it("would count lib-dynamodb's unused paginators' Query and Scan without the side-effect-free plugin", async () => {
    const metafile = await metafileOf(fixture("document-get.mjs"), { plugins: [] });

    expect(namesOf(awsCommandsIn(metafile))).toEqual(
      expect.arrayContaining(["DynamoDB:GetItem", "DynamoDB:Query", "DynamoDB:Scan"]),
    );
  });
});

describe("awsCommandsIn on a metafile", () => {
  it("ignores command modules that contribute no bytes", () => {
    const metafile = metafileWith([pnpmModule("client-s3", "commands/GetObjectCommand.js")], 0);

    expect(awsCommandsIn(metafile)).toEqual([]);
  });

  it("counts a presigned POST as the s3:PutObject request it signs", () => {
    const metafile = metafileWith([pnpmModule("s3-presigned-post", "createPresignedPost.js")]);

    expect(awsCommandsIn(metafile)).toEqual([
      { command: "S3:PutObject", required: ["s3:PutObject"], oneOf: [], optional: [] },
    ]);
  });

  it("lists each command once, sorted, with the commands a client sends on its own marked", () => {
    const metafile = metafileWith([
      pnpmModule("client-s3", "commands/PutObjectCommand.js"),
      pnpmModule("client-s3", "commands/CreateSessionCommand.js"),
      pnpmModule("s3-presigned-post", "createPresignedPost.js"),
      pnpmModule("client-dynamodb", "commands/TransactWriteItemsCommand.js"),
    ]);

    const commands = awsCommandsIn(metafile);

    expect(namesOf(commands)).toEqual(["DynamoDB:TransactWriteItems", "S3:CreateSession", "S3:PutObject"]);
    expect(commands[1].sentByClient).toMatch(/directory buckets/);
  });

  it("fails for a command the table does not know, naming the table to add it to", () => {
    const metafile = metafileWith([pnpmModule("client-sqs", "commands/DeleteQueueCommand.js")]);

    expect(() => awsCommandsIn(metafile)).toThrow(BuildError);
    expect(() => awsCommandsIn(metafile)).toThrow(
      /@aws-sdk\/client-sqs DeleteQueueCommand.*add it to awsServices\["client-sqs"\]\.commands in scripts\/build\/aws-actions\.mjs/,
    );
  });

  it("fails for a client bundled from its CommonJS build, whose commands cannot be told apart", () => {
    const metafile = metafileWith(["node_modules/@aws-sdk/client-sns/dist-cjs/index.js"]);

    expect(() => awsCommandsIn(metafile)).toThrow(/@aws-sdk\/client-sns is bundled from its CommonJS build/);
  });
});
