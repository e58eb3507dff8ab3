import { describe, expect, it } from "vitest";
import type { Denial, Principal } from "../../src/iam/authorizer.ts";
import { DecisionCache } from "../../src/iam/decision-cache.ts";
import type { Check } from "../../src/iam/request-checks.ts";
import { ACCOUNT, policy } from "./fixtures.ts";

const fn: Principal = {
  label: "thumbnail",
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/thumbnail/thumbnail`,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/thumbnail`,
};
const tablePolicy = policy({
  Effect: "Allow",
  Action: "dynamodb:GetItem",
  Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/photos`,
});
const readTable = [{ policy: tablePolicy }];
const getItem: Check = {
  action: "dynamodb:GetItem",
  resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/photos`,
};
const denial: Denial = {
  principal: fn,
  action: getItem.action,
  resource: getItem.resource,
  message: "denied",
};

describe("DecisionCache", () => {
  it("answers the same question from memory, allowed or denied", () => {
    const cache = new DecisionCache();
    const key = cache.keyOf(fn, readTable, getItem);
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, undefined);
    expect(cache.get(cache.keyOf(fn, readTable, { ...getItem }))).toEqual({ answer: undefined });
    const other = cache.keyOf(fn, readTable, { ...getItem, action: "dynamodb:PutItem" });
    cache.set(other, denial);
    expect(cache.get(other)).toEqual({ answer: denial });
  });

  it("tells apart every part of the question: caller, resource, context, impliedBy, each policy", () => {
    const cache = new DecisionCache();
    const keys = [
      cache.keyOf(fn, readTable, getItem),
      cache.keyOf({ ...fn, arn: `${fn.arn}-2` }, readTable, getItem),
      cache.keyOf(fn, readTable, { ...getItem, resource: `${getItem.resource}-archive` }),
      cache.keyOf(fn, readTable, { ...getItem, context: { "dynamodb:LeadingKeys": ["a"] } }),
      cache.keyOf(fn, readTable, { ...getItem, context: { "dynamodb:LeadingKeys": ["b"] } }),
      cache.keyOf(fn, readTable, { ...getItem, impliedBy: "an encrypted table" }),
      // The same statements as a new object: a policy read again is a new policy.
      cache.keyOf(fn, [{ policy: structuredClone(tablePolicy) }], getItem),
      cache.keyOf(fn, readTable, { ...getItem, resourcePolicy: policy({ Effect: "Deny", Action: "*" }) }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("never keeps an answer that depends on the time of the request", () => {
    const cache = new DecisionCache();
    const untilNewYear = policy({
      Effect: "Allow",
      Action: "dynamodb:GetItem",
      Resource: "*",
      Condition: { DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } },
    });
    expect(cache.keyOf(fn, [{ policy: untilNewYear }], getItem)).toBeUndefined();
    expect(cache.keyOf(fn, readTable, { ...getItem, resourcePolicy: untilNewYear })).toBeUndefined();
    cache.set(undefined, undefined);
    expect(cache.get(undefined)).toBeUndefined();
  });

  it("forgets everything on clear (the gate read the roles again)", () => {
    const cache = new DecisionCache();
    const key = cache.keyOf(fn, readTable, getItem);
    cache.set(key, undefined);
    cache.clear();
    expect(cache.get(key)).toBeUndefined();
  });

  it("stays bounded: the oldest answer goes first", () => {
    const cache = new DecisionCache();
    const keyFor = (index: number) =>
      cache.keyOf(fn, readTable, { action: "s3:GetObject", resource: `arn:aws:s3:::uploads/${index}` });
    for (let index = 0; index <= 20_000; index++) cache.set(keyFor(index), undefined);
    expect(cache.get(keyFor(0))).toBeUndefined();
    expect(cache.get(keyFor(1))).toEqual({ answer: undefined });
    expect(cache.get(keyFor(20_000))).toEqual({ answer: undefined });
  });
});
