/*
 * Compares what a function's bundle needs (its `awsActions` in dist/manifest.json) with what its
 * role's policies allow, by action name only: resources, conditions and Deny statements are not
 * looked at, so this finds grants that are missing or unused, not grants that are too broad.
 */

/**
 * Actions a function needs although no command of its bundle sends them: KMS for encrypted
 * queues, tables, buckets and environment variables, CloudWatch Logs and X-Ray for Lambda itself.
 */
export const implicitActions = ["kms:*", "logs:*", "xray:*"];

/** What Lambda's event source mapping sends with the function's role to read an SQS queue. */
export const sqsEventSourceActions = [
  "sqs:ChangeMessageVisibility",
  "sqs:DeleteMessage",
  "sqs:GetQueueAttributes",
  "sqs:ReceiveMessage",
];

/** An IAM action pattern as a RegExp: `*` any characters, `?` one, case-insensitive. */
const actionPattern = (pattern) =>
  new RegExp(
    `^${pattern
      .split("")
      .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("")}$`,
    "i",
  );

const asArray = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A policy document as an object: IAM's API returns it as URL-encoded JSON. */
const parseDocument = (document) => {
  if (typeof document !== "string") return document;
  const text = document.trimStart().startsWith("{") ? document : decodeURIComponent(document);
  return JSON.parse(text);
};

/** The Allow statements' `Action` patterns, and their `NotAction` patterns (allow all but these). */
const allowedPatterns = (policyDocuments) => {
  const statements = policyDocuments.flatMap((document) => asArray(parseDocument(document).Statement));
  const allows = statements.filter((statement) => statement.Effect === "Allow");
  return {
    actions: [...new Set(allows.flatMap((statement) => asArray(statement.Action)))],
    notActions: allows
      .filter((statement) => statement.NotAction !== undefined)
      .map((statement) => asArray(statement.NotAction).map(actionPattern)),
  };
};

/**
 * What the policies lack and grant in excess for a function's `awsActions`:
 * - `missing`: each required action no Allow statement allows, and each one-of group none of
 *   whose actions is allowed (as "a | b | c");
 * - `unused`: each Allow statement action (as written, wildcards included) that matches no
 *   required, one-of or optional action and is not implicit (`implicitActions` and `implicit`,
 *   e.g. `sqsEventSourceActions` for a function an SQS queue triggers).
 * Both are sorted. Policy documents may be objects or JSON text, URL-encoded or not.
 *
 * @example
 * const { awsActions } = manifest.functions.thumbnail;
 * comparePolicyActions(awsActions, [rolePolicyDocument], { implicit: sqsEventSourceActions })
 * // { missing: [], unused: ["s3:DeleteObject"] }
 */
export const comparePolicyActions = (awsActions, policyDocuments, { implicit = [] } = {}) => {
  const { actions, notActions } = allowedPatterns(policyDocuments);
  const patterns = actions.map(actionPattern);
  const allowed = (action) =>
    patterns.some((pattern) => pattern.test(action)) ||
    notActions.some((excluded) => !excluded.some((pattern) => pattern.test(action)));

  const { required = [], oneOf = [], optional = [] } = awsActions;
  const missing = [
    ...required.filter((action) => !allowed(action)),
    ...oneOf.filter((group) => !group.some(allowed)).map((group) => group.join(" | ")),
  ];

  const needed = [...required, ...oneOf.flat(), ...optional];
  const implicitPatterns = [...implicitActions, ...implicit].map(actionPattern);
  const unused = actions.filter((action) => {
    const pattern = actionPattern(action);
    if (needed.some((neededAction) => pattern.test(neededAction))) return false;
    return !implicitPatterns.some((implicitPattern) => implicitPattern.test(action));
  });
  return { missing: [...new Set(missing)].sort(), unused: unused.sort() };
};
