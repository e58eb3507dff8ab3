import { awsCommandOf } from "./aws-actions.mjs";
import { BuildError } from "./errors.mjs";

/*
 * Which AWS SDK v3 commands a bundle can send, read from esbuild's metafile: a client's
 * `dist-es/commands/<Name>Command.js` contributes bytes to the output only when something in the
 * bundle uses that command (the SDK's ES modules tree-shake; a command we use through
 * @aws-sdk/lib-dynamodb or Powertools Parameters shows up the same way, as the client command
 * it wraps). The paths are those of the metafile: relative, with "/", pnpm's store included.
 */
const commandModule =
  /(?:^|\/)node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\/dist-[a-z]+\/commands\/(\w+)Command\.js$/;
const commonJsClient = /(?:^|\/)node_modules\/@aws-sdk\/(client-[a-z0-9-]+)\/dist-cjs\//;

/**
 * Helpers that sign a request for someone else to send: the role that signs must be allowed
 * the request. `getSignedUrl` (@aws-sdk/s3-request-presigner) needs no entry: it presigns a
 * command object the code builds, whose module is in the bundle like any other.
 */
const presignerModules = [
  {
    module: /(?:^|\/)node_modules\/@aws-sdk\/s3-presigned-post\/dist-[a-z]+\/createPresignedPost\.js$/,
    commands: [["client-s3", "PutObject"]], // a presigned POST is an s3:PutObject request
  },
];

/** The inputs of every output of a metafile that contribute bytes to it. */
const bundledInputs = (metafile) =>
  Object.values(metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );

/**
 * The AWS commands in a bundle, each as `awsCommandOf` describes it, sorted by name. Fails for
 * a command the table in aws-actions.mjs does not know, and for a client bundled from its
 * CommonJS build (one file, whose commands cannot be told apart).
 *
 * @example
 * const { metafile } = await esbuild.build({ ..., bundle: true, metafile: true });
 * awsCommandsIn(metafile).map((command) => command.command) // ["DynamoDB:PutItem", "S3:CreateSession"]
 */
export const awsCommandsIn = (metafile) => {
  const found = new Map();
  const add = (clientPackage, commandName) => {
    const command = awsCommandOf(clientPackage, commandName);
    found.set(command.command, command);
  };
  for (const input of bundledInputs(metafile)) {
    const command = input.match(commandModule);
    if (command) add(command[1], command[2]);
    for (const presigner of presignerModules) {
      if (presigner.module.test(input))
        for (const [clientPackage, name] of presigner.commands) add(clientPackage, name);
    }
    const commonJs = input.match(commonJsClient);
    if (commonJs) {
      throw new BuildError(
        `@aws-sdk/${commonJs[1]} is bundled from its CommonJS build (${input}), where the commands it ` +
          "can send cannot be told apart: import it from ES module code so that esbuild takes dist-es",
      );
    }
  }
  return [...found.keys()].sort().map((name) => found.get(name));
};
