import * as z from "zod";

/** postgres://user:password@host:port/database (postgresql:// too), optionally ?sslmode=... */
export const PostgresUrlSchema = z
  .string()
  .trim()
  .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// URL");

/**
 * The customer's PostgreSQL as the delivery code connects to it: its URL and, when its
 * certificate is signed by a private CA, that CA's certificate (PEM), which is then the only
 * CA trusted; without it, Node's own list of public CAs is.
 */
export const DatabaseTargetSchema = z.strictObject({
  url: PostgresUrlSchema,
  caCertificate: z
    .string()
    .trim()
    .regex(
      /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/,
      "must be PEM: -----BEGIN CERTIFICATE----- ...",
    )
    .optional(),
});

/**
 * The value of the delivery database secret: a bare URL (`postgres://...`), or JSON
 * `{"url":"postgres://...","caCertificate":"-----BEGIN CERTIFICATE-----..."}` (a null or
 * empty caCertificate counts as none). Both parse to a DatabaseTarget.
 *
 * @example
 * DatabaseSecretSchema.parse("postgres://u:p@db:5432/r"); // { url: "postgres://u:p@db:5432/r" }
 */
export const DatabaseSecretSchema = z
  .string()
  .trim()
  .transform((value, context): unknown => {
    if (!value.startsWith("{")) return { url: value };
    try {
      const parsed = JSON.parse(value);
      // Terraform's jsonencode writes an unset optional as null (or the variable's "" default).
      if (parsed?.caCertificate === null || parsed?.caCertificate === "") delete parsed.caCertificate;
      return parsed;
    } catch {
      context.addIssue({ code: "custom", message: "starts with { but is not valid JSON" });
      return z.NEVER;
    }
  })
  .pipe(DatabaseTargetSchema);

export type DatabaseTarget = z.infer<typeof DatabaseTargetSchema>;
