import { getSecret } from "@aws-lambda-powertools/parameters/secrets";
import { TransientError } from "@shoebox/runtime";
import { DatabaseSecretSchema, type DatabaseTarget } from "@shoebox/schemas";

/** What to run when the secret has no value, or a wrong one. */
export const putSecretHint = (secretId: string): string =>
  `put the database in it: aws secretsmanager put-secret-value --secret-id ${secretId} --secret-string ` +
  `'{"url":"postgres://user:password@host:5432/db","caCertificate":"-----BEGIN CERTIFICATE-----\\n..."}' ` +
  "(caCertificate: the CA of the server's certificate, when a private CA signed it; a bare postgres:// URL also works)";

/**
 * The database a secret's value names: a bare postgres:// URL or JSON {url, caCertificate}.
 * A malformed value is a TransientError: an operator fixes the secret, and until then the
 * receipts wait on the queue.
 *
 * @example
 * parseDatabaseSecret('{"url":"postgres://u:p@db:5432/r"}', arn); // { url: "postgres://u:p@db:5432/r" }
 */
export const parseDatabaseSecret = (value: unknown, secretId: string): DatabaseTarget => {
  const parsed = DatabaseSecretSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  // Never the value itself in the message: it holds the password.
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "value"}: ${issue.message}`)
    .join("; ");
  throw new TransientError(
    `secret ${secretId} does not hold a database (${problems}); ${putSecretHint(secretId)}`,
  );
};

/**
 * The database (URL and CA) from its secret, through Powertools' cache, so a connection that
 * opens reads it at most once per `maxAgeSeconds`. An operator fixes a missing or wrong secret;
 * until then the receipts wait on the queue.
 *
 * @example
 * const connection = new DeliveryConnection({ target: () => readDatabaseSecret(arn, 300), ... });
 */
export const readDatabaseSecret = async (
  secretId: string,
  maxAgeSeconds: number,
): Promise<DatabaseTarget> => {
  let value: unknown;
  try {
    value = await getSecret(secretId, { maxAge: maxAgeSeconds });
  } catch (error) {
    throw new TransientError(
      `cannot read secret ${secretId} (${(error as Error).message}); if it has no value yet, ${putSecretHint(secretId)}`,
    );
  }
  return parseDatabaseSecret(value, secretId);
};
