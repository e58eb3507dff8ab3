import type { UploadKind } from "@shoebox/schemas";
import { useEffect, useState } from "preact/hooks";

/**
 * The app's pages, one per hash route, so every page has an address to bookmark or share and the
 * static site needs no server-side routing: `#/` photos, `#/photos/<id>`, `#/batches/<id>`
 * (`?kind=receipt` when the uploader knows it sent receipts), `#/receipts`, `#/reviews`,
 * `#/reviews/<id>`, `#/export`.
 */
export type Route =
  | { page: "photos" }
  | { page: "photo"; photoId: string }
  | { page: "batch"; batchId: string; kind?: UploadKind }
  | { page: "receipts" }
  | { page: "reviews" }
  | { page: "review"; reviewId: string }
  | { page: "export" };

/** The sections the navigation names; each page belongs to one. */
export type Section = "photos" | "receipts" | "reviews" | "export";

export const sectionOf = (route: Route): Section => {
  if (route.page === "review") return "reviews";
  if (route.page === "photo" || route.page === "batch") return "photos";
  return route.page;
};

export const routeOf = (hash: string): Route => {
  const [path = "", query = ""] = hash.replace(/^#/, "").split("?");
  const [, section, id] = path.split("/").map((part) => decodeURIComponent(part));
  if (section === "photos" && id) return { page: "photo", photoId: id };
  if (section === "batches" && id) {
    const kind = new URLSearchParams(query).get("kind");
    return { page: "batch", batchId: id, ...(kind === "receipt" || kind === "photo" ? { kind } : {}) };
  }
  if (section === "reviews" && id) return { page: "review", reviewId: id };
  if (section === "receipts" || section === "reviews" || section === "export") return { page: section };
  return { page: "photos" };
};

export const hrefOf = (route: Route): string => {
  const id = encodeURIComponent;
  switch (route.page) {
    case "photos":
      return "#/";
    case "photo":
      return `#/photos/${id(route.photoId)}`;
    case "batch":
      return `#/batches/${id(route.batchId)}${route.kind ? `?kind=${route.kind}` : ""}`;
    case "review":
      return `#/reviews/${id(route.reviewId)}`;
    default:
      return `#/${route.page}`;
  }
};

/** The page the address bar names, following it as it changes. */
export const useRoute = (): Route => {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return routeOf(hash);
};
