import { describe, expect, it } from "vitest";
import { hrefOf, type Route, routeOf, sectionOf } from "../../src/routes.ts";

describe("hash routes", () => {
  it.each<Route>([
    { page: "photos" },
    { page: "photo", photoId: "p_01JZ0000000000000000000000" },
    { page: "batch", batchId: "b_01JZ0000000000000000000000" },
    { page: "batch", batchId: "b_01JZ0000000000000000000000", kind: "receipt" },
    { page: "receipts" },
    { page: "reviews" },
    { page: "review", reviewId: "p_01JZ0000000000000000000000" },
    { page: "export" },
  ])("reads back the address of %o", (route) => {
    expect(routeOf(hrefOf(route))).toEqual(route);
  });

  it("takes anything unknown, and no hash at all, for the photos page", () => {
    expect(routeOf("")).toEqual({ page: "photos" });
    expect(routeOf("#/nowhere/1")).toEqual({ page: "photos" });
    expect(routeOf("#/batches/b_1?kind=banana")).toEqual({ page: "batch", batchId: "b_1" });
  });

  it("puts a review under Reviews and a batch under Photos, where it was uploaded", () => {
    expect(sectionOf({ page: "review", reviewId: "r" })).toBe("reviews");
    expect(sectionOf({ page: "batch", batchId: "b" })).toBe("photos");
  });
});
