import { ConfigurationError } from "@shoebox/runtime";
import { ThumbnailSizesSchema } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { loadThumbnailConfig } from "../../src/config.ts";
import { testEnvironment } from "../helpers/events.ts";

describe("ThumbnailSizesSchema", () => {
  it("parses name:pixels pairs, largest first", () => {
    expect(ThumbnailSizesSchema.parse("small:160, medium:640,large:1280")).toEqual([
      { name: "large", maxDimension: 1280 },
      { name: "medium", maxDimension: 640 },
      { name: "small", maxDimension: 160 },
    ]);
  });

  it.each([
    ["small:160", /small and medium/],
    ["small:160,medium:640,small:200", /unique/],
    ["small:160,medium", /not name:pixels/],
    ["small:160,Medium:640", /not name:pixels/],
    ["small:8,medium:640", /16/],
    ["small:160,medium:99999", /4096/],
  ])("refuses %s", (spec, problem) => {
    const parsed = ThumbnailSizesSchema.safeParse(spec);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message).join("; ")).toMatch(problem);
  });
});

describe("loadThumbnailConfig", () => {
  it("reads the environment, with a default pixel limit", () => {
    expect(loadThumbnailConfig(testEnvironment)).toEqual({
      uploadsBucket: "shoebox-dev-uploads",
      thumbnailsBucket: "shoebox-dev-thumbnails",
      photosTable: "shoebox-dev-photos",
      batchesTable: "shoebox-dev-batches",
      eventsTopicArn: "arn:aws:sns:us-east-1:123456789012:shoebox-dev-events",
      thumbnailSizes: [
        { name: "medium", maxDimension: 640 },
        { name: "small", maxDimension: 160 },
      ],
      maxInputPixels: 50_000_000,
      maxInputBytes: 26_214_400,
      maxDecodeBytes: 402_653_184,
      maxReceives: 5,
    });
  });

  it("takes the input limits from the environment when set", () => {
    const config = loadThumbnailConfig({
      ...testEnvironment,
      MAX_INPUT_PIXELS: "1000",
      MAX_INPUT_BYTES: "2000",
    });
    expect([config.maxInputPixels, config.maxInputBytes]).toEqual([1000, 2000]);
  });

  it("refuses MAX_RECEIVES below 2: the last receive records FAILED without trying", () => {
    expect(() => loadThumbnailConfig({ ...testEnvironment, MAX_RECEIVES: "1" })).toThrow(
      /MAX_RECEIVES: must be at least 2/,
    );
  });

  it("fails fast, naming every missing variable", () => {
    const { PHOTOS_TABLE, THUMBNAIL_SIZES, MAX_INPUT_BYTES, ...incomplete } = testEnvironment;
    expect(() => loadThumbnailConfig(incomplete)).toThrow(ConfigurationError);
    expect(() => loadThumbnailConfig(incomplete)).toThrow(/PHOTOS_TABLE.*THUMBNAIL_SIZES.*MAX_INPUT_BYTES/);
  });
});
