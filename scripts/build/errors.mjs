/** The one error class of the build scripts: its message is shown as is, without a stack. */
export class BuildError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "BuildError";
  }
}
