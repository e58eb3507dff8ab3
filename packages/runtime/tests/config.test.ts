import { describe, expect, it } from "vitest";
import * as z from "zod";
import { ConfigurationError, loadConfig, positiveInt, requiredString } from "../src/index.ts";

const schema = z.object({ PHOTOS_TABLE: requiredString, UPLOAD_URL_TTL_SECONDS: positiveInt(300) });

describe("loadConfig", () => {
  it("parses and applies defaults", () => {
    expect(loadConfig(schema, { PHOTOS_TABLE: "photos" })).toEqual({
      PHOTOS_TABLE: "photos",
      UPLOAD_URL_TTL_SECONDS: 300,
    });
  });

  it("names every missing or malformed variable and says what to do", () => {
    const load = () => loadConfig(schema, { UPLOAD_URL_TTL_SECONDS: "-1" });

    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(
      /PHOTOS_TABLE: is required.*UPLOAD_URL_TTL_SECONDS.*set these environment variables/,
    );
  });
});
