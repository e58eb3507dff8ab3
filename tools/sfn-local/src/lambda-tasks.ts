import { TaskFailure } from "./errors.ts";

/**
 * Invokes a Lambda function by ARN (or name) with a payload and answers its result. To fail as a
 * function error, throw an Error whose `name` is the function's errorType (`PermanentError`);
 * to fail as the Lambda service, throw one named like `Lambda.TooManyRequestsException`.
 */
export type InvokeLambda = (functionArn: string, payload: unknown) => Promise<unknown>;

const LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
const LAMBDA_FUNCTION_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

export const isLambdaResource = (resource: string): boolean =>
  resource === LAMBDA_INVOKE || LAMBDA_FUNCTION_ARN.test(resource);

/**
 * A function error the way Step Functions reports it: Error = the errorType, Cause = the JSON the
 * Lambda runtime answers with. Errors already named as Step Functions names them pass unchanged.
 */
const asTaskFailure = (error: unknown): TaskFailure => {
  if (error instanceof TaskFailure) return error;
  const thrown = error instanceof Error ? error : new Error(String(error));
  if (/^(Lambda|States)\./.test(thrown.name)) return new TaskFailure(thrown.name, thrown.message);
  const errorType = thrown.name || "Error";
  const trace = (thrown.stack ?? "")
    .split("\n")
    .slice(1)
    .map((line) => line.trim());
  return new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage: thrown.message, trace }));
};

/**
 * Runs a Lambda Task: `lambda:invoke` answers `{ ExecutedVersion, Payload, StatusCode }` like the
 * optimized integration; a bare function ARN answers the function's result itself.
 */
export const runLambdaTask = async (
  invokeLambda: InvokeLambda,
  resource: string,
  input: unknown,
): Promise<unknown> => {
  const viaInvoke = resource === LAMBDA_INVOKE;
  const parameters = (input ?? {}) as { FunctionName?: string; Payload?: unknown };
  const functionArn = viaInvoke ? String(parameters.FunctionName) : resource;
  const payload = viaInvoke ? (parameters.Payload ?? {}) : input;
  try {
    // A JSON round trip, as over the wire: the handler gets its own copy and answers plain JSON.
    const result = JSON.parse(
      JSON.stringify((await invokeLambda(functionArn, structuredClone(payload))) ?? null),
    );
    return viaInvoke ? { ExecutedVersion: "$LATEST", Payload: result, StatusCode: 200 } : result;
  } catch (error) {
    throw asTaskFailure(error);
  }
};
