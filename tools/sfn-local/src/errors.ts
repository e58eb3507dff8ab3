/** The one base class of @shoebox/sfn-local errors. */
export class SfnLocalError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SfnLocalError";
  }
}

/** A template placeholder without a value, or a template feature Terraform has and we do not. */
export class TemplateRenderError extends SfnLocalError {
  constructor(message: string) {
    super(message);
    this.name = "TemplateRenderError";
  }
}

/** A Task resource this runner cannot perform locally: it is refused before the execution starts. */
export class UnsupportedResourceError extends SfnLocalError {
  constructor(stateName: string, resource: string) {
    super(`state ${stateName}: resource ${resource} is not supported by @shoebox/sfn-local`);
    this.name = "UnsupportedResourceError";
  }
}

/**
 * A Task failure as Step Functions reports it. aws-local-stepfunctions matches Retry and Catch
 * on the thrown error's `name` and puts its `message` in the Cause, so the name here IS the
 * Step Functions error name (`DynamoDB.ConditionalCheckFailedException`, `Lambda.ServiceException`).
 * It does not extend SfnLocalError: its name is not ours to choose.
 */
export class TaskFailure extends Error {
  constructor(errorName: string, cause: string) {
    super(cause);
    this.name = errorName;
  }
}
