/*
 * A browser POST to S3 carries a policy the signer wrote (expiry, key prefix, content type, size
 * range); S3 refuses the upload when a field breaks it. moto does not look at the policy, so
 * without this check a client could upload locally what S3 would refuse (a file over the size
 * limit, another key, a late upload).
 */

export interface PostPolicyRefusal {
  status: 400 | 403;
  code: "AccessDenied" | "EntityTooLarge" | "EntityTooSmall" | "InvalidPolicyDocument";
  message: string;
}

type Condition = Record<string, string> | [string, string | number, string | number];

/** Form fields S3 does not ask the policy to cover. */
const UNCOVERED_FIELDS = new Set(["x-amz-signature", "file", "policy"]);

const refuse = (message: string): PostPolicyRefusal => ({
  status: 403,
  code: "AccessDenied",
  message: `Invalid according to Policy: ${message}`,
});

/**
 * Checks a POST form (its fields, and `$file-size` from multipartFields) against its policy as
 * S3 does; undefined when S3 would accept it.
 */
export const checkPostPolicy = (
  form: Record<string, string>,
  bucket: string,
  now = new Date(),
): PostPolicyRefusal | undefined => {
  const fields = new Map<string, string>();
  for (const [name, value] of Object.entries(form))
    if (!name.startsWith("$")) fields.set(name.toLowerCase(), value);
  fields.set("bucket", bucket);
  const encoded = fields.get("policy");
  if (!encoded) return refuse("the form has no policy field");

  let policy: { expiration?: string; conditions?: Condition[] };
  try {
    policy = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
  } catch {
    return { status: 400, code: "InvalidPolicyDocument", message: "Invalid Policy: Invalid JSON." };
  }
  const expires = Date.parse(policy.expiration ?? "");
  if (!Number.isFinite(expires))
    return {
      status: 400,
      code: "InvalidPolicyDocument",
      message: "Invalid Policy: Policy missing expiration.",
    };
  if (now.getTime() > expires) return refuse("Policy expired.");

  const covered = new Set<string>();
  const size = Number(form["$file-size"] ?? 0);
  for (const condition of policy.conditions ?? []) {
    if (!Array.isArray(condition)) {
      for (const [name, expected] of Object.entries(condition)) {
        covered.add(name.toLowerCase());
        if ((fields.get(name.toLowerCase()) ?? "") !== String(expected))
          return refuse(`Policy Condition failed: ["eq", "$${name}", "${expected}"]`);
      }
      continue;
    }
    const [operator, first, second] = condition;
    if (operator === "content-length-range") {
      if (size > Number(second))
        return {
          status: 400,
          code: "EntityTooLarge",
          message: "Your proposed upload exceeds the maximum allowed size",
        };
      if (size < Number(first))
        return {
          status: 400,
          code: "EntityTooSmall",
          message: "Your proposed upload is smaller than the minimum allowed size",
        };
      continue;
    }
    const name = String(first).replace(/^\$/, "").toLowerCase();
    covered.add(name);
    const value = fields.get(name) ?? "";
    const holds =
      operator === "eq"
        ? value === String(second)
        : operator === "starts-with" && value.startsWith(String(second));
    if (!holds) return refuse(`Policy Condition failed: ["${operator}", "${first}", "${second}"]`);
  }
  const extra = [...fields.keys()].filter(
    (name) =>
      name !== "bucket" && !UNCOVERED_FIELDS.has(name) && !name.startsWith("x-ignore-") && !covered.has(name),
  );
  if (extra.length > 0) return refuse(`Extra input fields: ${extra.join(", ")}`);
  return undefined;
};
