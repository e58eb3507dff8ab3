import { describe, expect, it } from "vitest";
import { type JsonLimits, parseStorableJson } from "../../src/storable-json.ts";

const limits: JsonLimits = { maxBytes: 64, maxDepth: 3, maxValues: 5, maxStringLength: 8 };

const reasonFor = (text: string, bounds = limits): string | undefined => {
  const parsed = parseStorableJson(text, bounds);
  return parsed.ok ? undefined : parsed.reason;
};

describe("parseStorableJson", () => {
  it("returns the value of text within every limit", () => {
    expect(parseStorableJson('{"a":[1,"",null]}', limits)).toEqual({ ok: true, value: { a: [1, "", null] } });
  });

  it("counts bytes, not characters: a multi-byte text over the limit is refused", () => {
    const text = `"${"é".repeat(31)}"`; // 33 characters, 64 bytes
    const roomy = { ...limits, maxStringLength: 100 };

    expect(reasonFor(text, roomy)).toBeUndefined();
    expect(reasonFor(`"${"é".repeat(32)}"`, roomy)).toBe("66 bytes, more than 64");
  });

  it("allows exactly maxDepth levels of nesting and refuses one more", () => {
    expect(reasonFor("[[[1]]]")).toBeUndefined();
    expect(reasonFor("[[[[1]]]]")).toBe("objects and arrays nested deeper than 3 levels");
    expect(reasonFor('{"a":{"b":{"c":{}}}}')).toBe("objects and arrays nested deeper than 3 levels");
  });

  it("does not count brackets inside strings, escaped quotes included, as nesting", () => {
    expect(reasonFor('["[[[[","\\"[[[["]')).toBeUndefined();
  });

  it("refuses nesting far too deep for V8's reviver without overflowing the stack", () => {
    const text = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;

    expect(reasonFor(text, { ...limits, maxBytes: 1_000_000 })).toBe(
      "objects and arrays nested deeper than 3 levels",
    );
  });

  it("counts every value, the outermost included, against maxValues", () => {
    expect(reasonFor("[1,2,3,4]")).toBeUndefined();
    expect(reasonFor("[1,2,3,4,5]")).toBe("more than 5 values");
    expect(reasonFor('{"a":{},"b":[],"c":0,"d":0,"e":0}')).toBe("more than 5 values");
  });

  it("keeps the integers a double holds exactly and refuses the first beyond them", () => {
    const wide = { ...limits, maxBytes: 1_000 };

    expect(parseStorableJson("[9007199254740991,-9007199254740991]", wide)).toEqual({
      ok: true,
      value: [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER],
    });
    expect(reasonFor("9007199254740992", wide)).toMatch(/9007199254740992 is beyond ±\(2\^53 - 1\)/);
    // Rounds to 2^53 when parsed: refused for what it would become, quoted as it was sent.
    expect(reasonFor("9007199254740991.9", wide)).toMatch(/^the number 9007199254740991.9 is beyond/);
    expect(reasonFor("1e300", wide)).toMatch(/1e300 is beyond/);
  });

  it("refuses numbers JSON.parse would turn into infinities or zero", () => {
    expect(reasonFor("1e400")).toBe("the number 1e400 is out of range");
    expect(reasonFor("-1E400")).toBe("the number -1E400 is out of range");
    expect(reasonFor("1e-400")).toBe("the number 1e-400 is too small: it would be stored as 0");
    expect(reasonFor("-0.5e-400")).toBe("the number -0.5e-400 is too small: it would be stored as 0");
  });

  it("keeps zero however it is written, and fractions down to DynamoDB's 1e-130", () => {
    expect(parseStorableJson("[0,-0,0.0e-400,1e-130,-1.5e-130]", { ...limits, maxValues: 6 })).toEqual({
      ok: true,
      value: [0, -0, 0, 1e-130, -1.5e-130],
    });
    expect(reasonFor("9.9e-131")).toBe(
      "the number 9.9e-131 is nearer to zero than DynamoDB's smallest, 1e-130",
    );
  });

  it("refuses a string or a key longer than maxStringLength", () => {
    expect(reasonFor('"12345678"')).toBeUndefined();
    expect(reasonFor('"123456789"')).toBe("a string of 9 characters is longer than 8");
    expect(reasonFor('{"123456789":1}')).toBe('the key "123456789" of 9 characters is longer than 8');
  });

  it("refuses unpaired surrogates in strings and keys, and keeps paired ones", () => {
    expect(parseStorableJson('"\\ud83d\\ude00"', limits)).toEqual({ ok: true, value: "😀" });
    expect(reasonFor('"\\udc00"')).toBe(
      "a string holds an unpaired UTF-16 surrogate, which UTF-8 cannot encode",
    );
    expect(reasonFor('{"\\ud800":1}')).toMatch(/^the key .* holds an unpaired UTF-16 surrogate/);
  });

  it("refuses an empty key and __proto__, and keeps empty strings", () => {
    expect(reasonFor('{"":1}')).toBe(
      "an object key is empty: DynamoDB attribute names are at least one character",
    );
    expect(reasonFor('{"__proto__":{}}')).toBe('the object key "__proto__" cannot be kept as data');
    expect(parseStorableJson('{"a":""}', limits)).toEqual({ ok: true, value: { a: "" } });
  });

  it("says why text is not JSON, and never throws", () => {
    for (const text of ["", "{", '{"a":1,}', "NaN", "\u0001"]) {
      expect(reasonFor(text)).toMatch(/^not JSON: /);
    }
  });
});
