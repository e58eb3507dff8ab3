/**
 * The errors of the local Step Functions API, one class per error code AWS answers with. Each
 * carries the code (`ExecutionAlreadyExists`) that goes into the JSON protocol's `__type`, under
 * the namespace Step Functions uses, so the SDK raises its own typed exception for it.
 */
export class StepFunctionsApiError extends Error {
  /** The AWS error code, e.g. `ExecutionAlreadyExists`. */
  readonly code: string;
  readonly statusCode: number;

  constructor(code: string, message: string, statusCode = 400) {
    super(message);
    this.name = "StepFunctionsApiError";
    this.code = code;
    this.statusCode = statusCode;
  }
}

export class ExecutionAlreadyExistsError extends StepFunctionsApiError {
  constructor(executionArn: string) {
    super("ExecutionAlreadyExists", `Execution Already Exists: '${executionArn}'`);
    this.name = "ExecutionAlreadyExistsError";
  }
}

export class StateMachineDoesNotExistError extends StepFunctionsApiError {
  constructor(stateMachineArn: string) {
    super("StateMachineDoesNotExist", `State Machine Does Not Exist: '${stateMachineArn}'`);
    this.name = "StateMachineDoesNotExistError";
  }
}

export class ExecutionDoesNotExistError extends StepFunctionsApiError {
  constructor(executionArn: string) {
    super("ExecutionDoesNotExist", `Execution Does Not Exist: '${executionArn}'`);
    this.name = "ExecutionDoesNotExistError";
  }
}

export class InvalidArnError extends StepFunctionsApiError {
  constructor(arn: unknown) {
    super("InvalidArn", `Invalid Arn: '${String(arn)}'`);
    this.name = "InvalidArnError";
  }
}

export class InvalidNameError extends StepFunctionsApiError {
  constructor(name: string) {
    super("InvalidName", `Invalid Name: '${name}'`);
    this.name = "InvalidNameError";
  }
}

export class InvalidExecutionInputError extends StepFunctionsApiError {
  constructor(reason: string) {
    super("InvalidExecutionInput", `Invalid State Machine Execution Input: '${reason}'`);
    this.name = "InvalidExecutionInputError";
  }
}

/** A refused answer to a callback task: InvalidToken, TaskTimedOut or InvalidOutput. */
export class TaskAnswerError extends StepFunctionsApiError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = "TaskAnswerError";
  }
}

/** An operation this local API does not serve (AWS: UnknownOperationException). */
export class UnknownOperationError extends StepFunctionsApiError {
  constructor(target: string) {
    super("UnknownOperationException", `operation ${target || "(no X-Amz-Target)"} is not served locally`);
    this.name = "UnknownOperationError";
  }
}

/** A malformed request body or a parameter of the wrong shape. */
export class ValidationError extends StepFunctionsApiError {
  constructor(message: string) {
    super("ValidationException", message);
    this.name = "ValidationError";
  }
}
