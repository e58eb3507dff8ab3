import * as z from "zod";

/**
 * What one deployment tells the app at run time, from the config.json served beside index.html:
 * one build serves every stack, and nothing in the bundle names an account, a pool or a URL.
 * Terraform writes it for AWS; the local stack serves its own (tools/devstack/src/stack/web-app.ts).
 */
const LocalSignInSchema = z.object({
  /** The local stack's issuer signs in whoever names themselves: `POST <url> {name}` -> `{token}`. */
  kind: z.literal("local"),
  url: z.string().min(1),
});

const CognitoSignInSchema = z.object({
  /** The hosted UI, authorization code flow with PKCE (src/auth/pkce.ts). */
  kind: z.literal("cognito"),
  /** e.g. https://shoebox-prod.auth.eu-west-1.amazoncognito.com */
  domain: z.url(),
  clientId: z.string().min(1),
  redirectUri: z.url(),
  scopes: z.array(z.string()).default(["openid", "email"]),
});

export const SiteConfigSchema = z.object({
  apiUrl: z.url(),
  signIn: z.discriminatedUnion("kind", [LocalSignInSchema, CognitoSignInSchema]),
});

export type SiteConfig = z.infer<typeof SiteConfigSchema>;
export type CognitoSignIn = z.infer<typeof CognitoSignInSchema>;

export const loadSiteConfig = async (): Promise<SiteConfig> => {
  const response = await fetch("./config.json", { cache: "no-store" });
  if (!response.ok)
    throw new Error(`config.json could not be read (HTTP ${response.status}): redeploy the site`);
  const parsed = SiteConfigSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`config.json is not valid: ${parsed.error.message}`);
  return parsed.data;
};
