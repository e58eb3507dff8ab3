import type { PhotoView } from "@shoebox/schemas";
import { describe, expect, it } from "vitest";
import { mergePhotos } from "../../src/photos/merge-photos.ts";
import { thumbnailSources } from "../../src/photos/thumbnail-sources.ts";

const photo = (photoId: string, createdAt: string, status: PhotoView["status"] = "PENDING"): PhotoView => ({
  photoId,
  kind: "photo",
  status,
  createdAt,
  updatedAt: createdAt,
  thumbnails: {},
});

describe("mergePhotos", () => {
  it("replaces known photos by fresher copies and keeps newest first", () => {
    const known = [photo("p2", "2025-01-02T00:00:00.000Z"), photo("p1", "2025-01-01T00:00:00.000Z")];
    const fresh = [
      photo("p1", "2025-01-01T00:00:00.000Z", "PROCESSED"),
      photo("p3", "2025-01-03T00:00:00.000Z"),
    ];

    expect(mergePhotos(known, fresh).map((item) => [item.photoId, item.status])).toEqual([
      ["p3", "PENDING"],
      ["p2", "PENDING"],
      ["p1", "PROCESSED"],
    ]);
  });
});

describe("thumbnailSources", () => {
  const thumbnails = {
    medium: { url: "https://s3/m.webp", width: 640, height: 427 },
    small: { url: "https://s3/s.webp", width: 160, height: 107 },
  };

  it("gives the smallest as src and a srcset by each thumbnail's own width", () => {
    expect(thumbnailSources(thumbnails)).toEqual({
      src: "https://s3/s.webp",
      srcset: "https://s3/s.webp 160w, https://s3/m.webp 640w",
    });
  });

  it("gives a plain src for one size, and nothing without thumbnails", () => {
    expect(thumbnailSources({ small: thumbnails.small })).toEqual({ src: "https://s3/s.webp" });
    expect(thumbnailSources({})).toBeUndefined();
  });
});
