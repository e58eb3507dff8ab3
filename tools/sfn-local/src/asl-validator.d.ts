// asl-validator 4 ships JavaScript only; this is the part of its API we call.
declare module "asl-validator" {
  interface ValidationOptions {
    checkPaths?: boolean;
    checkArn?: boolean;
  }
  function validator(
    definition: unknown,
    options?: ValidationOptions,
  ): { isValid: boolean; errors: unknown[]; errorsText: (separator?: string) => string };
  export = validator;
}
