import { describe, expect, it } from "vitest";
import { decodePageToken, encodePageToken } from "../../src/page-token.ts";

describe("page tokens", () => {
  it("round-trip a photo id", () => {
    expect(decodePageToken(encodePageToken("01JD3M7Z8K9Q4R5S6T7V8W9X0Y"))).toBe("01JD3M7Z8K9Q4R5S6T7V8W9X0Y");
  });

  it("refuse anything that does not decode to a photo id, such as a crafted DynamoDB key", () => {
    const crafted = Buffer.from(JSON.stringify({ ownerId: "someone-else", photoId: "x" })).toString(
      "base64url",
    );

    expect(decodePageToken(crafted)).toBeUndefined();
  });
});
