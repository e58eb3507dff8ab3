/**
 * Route selection as the HTTP API does it: a route key is "METHOD /path" (METHOD may be ANY),
 * path segments are literals, `{name}` variables or a final greedy `{name+}`; `$default`
 * catches what nothing else matches. The most specific route wins: literal segments beat
 * variables, variables beat a greedy variable, an exact method beats ANY.
 */
export interface CompiledRoute<T> {
  key: string;
  method: string;
  segments: Segment[];
  target: T;
}

type Segment =
  | { kind: "literal"; value: string }
  | { kind: "param"; name: string }
  | { kind: "greedy"; name: string };

export interface RouteMatch<T> {
  route: CompiledRoute<T>;
  pathParameters: Record<string, string>;
}

const splitPath = (path: string): string[] =>
  path.split("/").filter((segment, index) => index > 0 || segment !== "");

export const compileRoutes = <T>(routes: Record<string, T>): CompiledRoute<T>[] =>
  Object.entries(routes).map(([key, target]) => {
    if (key === "$default") return { key, method: "ANY", segments: [{ kind: "greedy", name: "" }], target };
    const match = /^([A-Z]+) (\/.*)$/.exec(key);
    if (!match) throw new Error(`route key "${key}" does not look like "METHOD /path"`);
    const [, method = "", path = "/"] = match;
    const segments: Segment[] = splitPath(path).map((segment) => {
      const variable = /^\{([^}]+?)(\+)?\}$/.exec(segment);
      if (!variable) return { kind: "literal", value: segment };
      return variable[2]
        ? { kind: "greedy", name: variable[1] ?? "" }
        : { kind: "param", name: variable[1] ?? "" };
    });
    return { key, method, segments, target };
  });

const safeDecode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const matchSegments = (segments: Segment[], parts: string[]): Record<string, string> | undefined => {
  const parameters: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] as Segment;
    if (segment.kind === "greedy") {
      const rest = parts.slice(index);
      if (rest.length === 0 && segment.name !== "") return undefined;
      if (segment.name) parameters[segment.name] = rest.map(safeDecode).join("/");
      return parameters;
    }
    const part = parts[index];
    if (part === undefined) return undefined;
    if (segment.kind === "literal") {
      if (segment.value !== part) return undefined;
    } else {
      if (part === "") return undefined;
      parameters[segment.name] = safeDecode(part);
    }
  }
  return parts.length === segments.length ? parameters : undefined;
};

/** Lower is more specific: compares segment by segment, then prefers an exact method. */
const specificity = (route: CompiledRoute<unknown>): number[] => [
  route.key === "$default" ? 1 : 0,
  ...route.segments.map((segment) => (segment.kind === "literal" ? 0 : segment.kind === "param" ? 1 : 2)),
  route.method === "ANY" ? 1 : 0,
];

const compareSpecificity = (a: number[], b: number[]): number => {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? -1) - (b[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
};

export const matchRoute = <T>(
  routes: CompiledRoute<T>[],
  method: string,
  path: string,
): RouteMatch<T> | undefined => {
  const parts = splitPath(path);
  const candidates: RouteMatch<T>[] = [];
  for (const route of routes) {
    if (route.method !== "ANY" && route.method !== method.toUpperCase()) continue;
    const pathParameters = matchSegments(route.segments, parts);
    if (pathParameters) candidates.push({ route, pathParameters });
  }
  candidates.sort((a, b) => compareSpecificity(specificity(a.route), specificity(b.route)));
  return candidates[0];
};

/** Methods any route accepts on this path: a request with another method gets 404 like the HTTP API. */
export const routeKeys = <T>(routes: CompiledRoute<T>[]): string[] => routes.map((route) => route.key);
