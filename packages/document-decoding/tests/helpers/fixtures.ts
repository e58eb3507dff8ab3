import { readFileSync } from "node:fs";

const fixtures = new URL("../fixtures/", import.meta.url);

/** A committed fixture (tests/fixtures: made by make-heic-fixtures.py and make-pdf-fixtures.mjs). */
export const fixture = (name: string): Buffer => readFileSync(new URL(name, fixtures));

/** Where the committed fixtures are, for a child process to read them. */
export const fixturesDirectory = (): string => new URL(".", fixtures).pathname;

/** The thumbnail tests' coffee.jpg, from which coffee.heic and the scanned PDFs were made. */
export const coffeeJpeg = (): Buffer =>
  readFileSync(new URL("../../../../functions/thumbnail/tests/fixtures/photos/coffee.jpg", import.meta.url));

/** What a call rejected with, for assertions on its type, code and message. */
export const rejectionOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error("expected a rejection, but it resolved");
    },
    (error: unknown) => error,
  );
