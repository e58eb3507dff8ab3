import aslValidator from "asl-validator";

export interface DefinitionCheck {
  isValid: boolean;
  /** One line per problem, empty when valid. */
  problems: string[];
}

/**
 * Validates an ASL definition statically with asl-validator (JSON schema, JSONPath syntax, ARNs,
 * transitions, terminal states). Give it the rendered definition: a placeholder is no ARN.
 *
 * @example
 * const { isValid, problems } = validateDefinition(renderDefinition(path, values));
 */
export const validateDefinition = (definition: unknown): DefinitionCheck => {
  const { isValid, errorsText } = aslValidator(definition, { checkPaths: true, checkArn: true });
  return { isValid, problems: isValid ? [] : errorsText("\n").split("\n").filter(Boolean) };
};
