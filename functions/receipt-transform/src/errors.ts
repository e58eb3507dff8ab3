import { PermanentError } from "@shoebox/runtime";

/**
 * Transform got something Validate never answers: a bug upstream, not bad user input. The
 * state machine does not retry it (its name is in no Retry) and catches it into the failure path.
 */
export class InvalidTransformInputError extends PermanentError {
  constructor(issues: string) {
    super(`transform input is not a validated receipt: ${issues}`, "INVALID_TRANSFORM_INPUT");
    this.name = "InvalidTransformInputError";
  }
}
