import { PermanentError } from "@shoebox/runtime";
import { describe, expect, it } from "vitest";
import { ReviewRequestInvalidError, reviewRequestOf } from "../../src/review-payload.ts";
import { reviewRequest } from "../helpers/review-requests.ts";

describe("reviewRequestOf", () => {
  it("takes the workflow's payload as it is", () => {
    const request = reviewRequest();

    expect(reviewRequestOf(request)).toEqual(request);
  });

  it.each([
    ["a round beyond the second", { round: 3 }, /round/],
    ["no reason", { reasons: [] }, /reasons/],
    ["no task token", { taskToken: "" }, /taskToken/],
    ["a deadline of no time", { deadlineSeconds: 0 }, /deadlineSeconds/],
  ])("refuses %s as ReviewRequest.Invalid, which no retry fixes", (_, change, where) => {
    const refuse = () => reviewRequestOf({ ...reviewRequest(), ...change });

    expect(refuse).toThrow(ReviewRequestInvalidError);
    expect(refuse).toThrow(where);
    try {
      refuse();
    } catch (error) {
      expect(error).toBeInstanceOf(PermanentError);
      expect((error as Error).name).toBe("ReviewRequest.Invalid");
    }
  });

  it("names where the payload is wrong, never the token it holds", () => {
    const payload = { ...reviewRequest(), taskToken: 42, ownerId: "not an owner: secret" };

    expect(() => reviewRequestOf(payload)).toThrow(/taskToken.*ownerId/);
    expect(() => reviewRequestOf(payload)).not.toThrow(/secret/);
  });

  it("refuses a payload that is no object", () => {
    expect(() => reviewRequestOf(null)).toThrow(/^invalid review request: payload: /);
  });
});
