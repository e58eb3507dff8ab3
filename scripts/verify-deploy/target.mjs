import { execFileSync } from "node:child_process";

/*
 * Which deployment verify-deploy checks, and as whom: the API's URL (SHOEBOX_API_URL, else the
 * Terraform output http_api_endpoint) and a test user's bearer token (SHOEBOX_VERIFY_TOKEN, else
 * the stdout of SHOEBOX_VERIFY_TOKEN_COMMAND, e.g. a Cognito sign-in through the AWS CLI).
 */

/** The HTTP API's base URL among `terraform output -json`'s outputs. */
export const apiUrlFromOutputs = (outputs) => {
  const url = outputs?.http_api_endpoint?.value;
  if (typeof url !== "string" || url === "")
    throw new Error("terraform output has no http_api_endpoint: is the stack applied in this folder?");
  return url;
};

const terraformOutputs = (terraformDir) => {
  let text;
  try {
    text = execFileSync("terraform", [`-chdir=${terraformDir}`, "output", "-json"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const detail = (error.stderr || error.message || "").toString().trim().split("\n").slice(-3).join(" ");
    throw new Error(
      `terraform -chdir=${terraformDir} output -json failed (set SHOEBOX_API_URL instead): ${detail}`,
    );
  }
  return JSON.parse(text);
};

const tokenFromCommand = (command) => {
  let stdout;
  try {
    stdout = execFileSync("/bin/sh", ["-c", command], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    const detail = (error.stderr || "").toString().trim().split("\n").slice(-3).join(" ");
    throw new Error(
      `SHOEBOX_VERIFY_TOKEN_COMMAND failed (exit ${error.status ?? "?"})${detail ? `: ${detail}` : ""}`,
    );
  }
  const token = stdout.trim();
  if (!token) throw new Error("SHOEBOX_VERIFY_TOKEN_COMMAND printed no token");
  return token;
};

/**
 * The API URL (without a trailing slash) and the token, from the environment.
 *
 * @example
 * resolveTarget({ SHOEBOX_API_URL: "https://abc.execute-api.eu-west-1.amazonaws.com", SHOEBOX_VERIFY_TOKEN: "eyJ…" }, "terraform");
 */
export const resolveTarget = (env, terraformDir) => {
  const token = env.SHOEBOX_VERIFY_TOKEN
    ? env.SHOEBOX_VERIFY_TOKEN.trim()
    : env.SHOEBOX_VERIFY_TOKEN_COMMAND
      ? tokenFromCommand(env.SHOEBOX_VERIFY_TOKEN_COMMAND)
      : undefined;
  if (!token)
    throw new Error(
      "no token: set SHOEBOX_VERIFY_TOKEN, or SHOEBOX_VERIFY_TOKEN_COMMAND to a command printing one",
    );
  const apiUrl = env.SHOEBOX_API_URL || apiUrlFromOutputs(terraformOutputs(terraformDir));
  return { apiUrl: apiUrl.replace(/\/+$/, ""), token };
};
