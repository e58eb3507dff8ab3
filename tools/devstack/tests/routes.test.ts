import { describe, expect, it } from "vitest";
import { compileRoutes, matchRoute } from "../src/routes.ts";

const routes = compileRoutes({
  "POST /uploads": "uploads",
  "GET /photos": "list",
  "GET /photos/{id}": "one",
  "GET /photos/latest": "latest",
  "ANY /photos/{id}": "any-photo",
  "GET /files/{path+}": "files",
  "POST /events": "events",
});

describe("matchRoute", () => {
  it("matches literal routes by method and path", () => {
    expect(matchRoute(routes, "POST", "/uploads")?.route.key).toBe("POST /uploads");
    expect(matchRoute(routes, "get", "/photos")?.route.target).toBe("list");
  });

  it("extracts and decodes path parameters", () => {
    const match = matchRoute(routes, "GET", "/photos/01J%2FX");
    expect(match?.route.key).toBe("GET /photos/{id}");
    expect(match?.pathParameters).toEqual({ id: "01J/X" });
  });

  it("prefers literal segments over variables, and an exact method over ANY", () => {
    expect(matchRoute(routes, "GET", "/photos/latest")?.route.key).toBe("GET /photos/latest");
    expect(matchRoute(routes, "GET", "/photos/abc")?.route.key).toBe("GET /photos/{id}");
    expect(matchRoute(routes, "DELETE", "/photos/abc")?.route.key).toBe("ANY /photos/{id}");
  });

  it("serves greedy variables with the rest of the path", () => {
    expect(matchRoute(routes, "GET", "/files/a/b/c.txt")?.pathParameters).toEqual({ path: "a/b/c.txt" });
    expect(matchRoute(routes, "GET", "/files")).toBeUndefined();
  });

  it("serves exactly the declared routes", () => {
    expect(matchRoute(routes, "GET", "/uploads")).toBeUndefined();
    expect(matchRoute(routes, "POST", "/photos")).toBeUndefined();
    expect(matchRoute(routes, "GET", "/photos/a/b")).toBeUndefined();
    expect(matchRoute(routes, "GET", "/photos/")).toBeUndefined();
    expect(matchRoute(routes, "GET", "/nothing")).toBeUndefined();
  });

  it("falls back to $default when declared", () => {
    const withDefault = compileRoutes({ "GET /a": 1, $default: 2 });
    expect(matchRoute(withDefault, "GET", "/a")?.route.target).toBe(1);
    expect(matchRoute(withDefault, "PUT", "/x/y")?.route.target).toBe(2);
  });

  it("refuses malformed route keys", () => {
    expect(() => compileRoutes({ "/photos": 1 })).toThrow(/METHOD \/path/);
  });
});
