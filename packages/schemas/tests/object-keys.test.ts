import { describe, expect, it } from "vitest";
import { decodeS3Key, thumbnailKey, UploadKeySchema, uploadKey } from "../src/index.ts";

const OWNER = "AbCdEfGhIjKlMnOpQrStUv";
const PHOTO = "01JD3M7Z8K9Q4R5S6T7V8W9X0Y";

describe("object keys", () => {
  it("parse an upload key back into owner and photo", () => {
    expect(UploadKeySchema.parse(uploadKey(OWNER, PHOTO))).toEqual({
      key: uploadKey(OWNER, PHOTO),
      ownerId: OWNER,
      photoId: PHOTO,
    });
  });

  it.each([
    ["a thumbnail key", thumbnailKey(OWNER, PHOTO, "small")],
    ["a key with an extra level", `uploads/${OWNER}/${PHOTO}/x`],
    ["a traversal attempt", `uploads/../${PHOTO}`],
    ["a short owner id", `uploads/abc/${PHOTO}`],
  ])("refuse %s", (_, key) => {
    expect(UploadKeySchema.safeParse(key).success).toBe(false);
  });

  it("decode S3 notification keys, where spaces arrive as + and the rest percent-encoded", () => {
    expect(decodeS3Key("uploads/a+b/%C3%A9t%C3%A9%2B1.jpg")).toBe("uploads/a b/été+1.jpg");
  });
});
