import { useState } from "preact/hooks";
import { beginCognitoSignIn, type Session, signInLocally } from "../auth/session.ts";
import type { SiteConfig } from "../site-config.ts";

/** Locally: a name is enough (the local issuer signs anyone). On AWS: off to Cognito's hosted UI. */
export const SignIn = ({
  settings,
  onSignedIn,
  problem,
}: {
  settings: SiteConfig["signIn"];
  onSignedIn: (session: Session) => void;
  problem?: string | undefined;
}) => {
  const [name, setName] = useState("");
  const [error, setError] = useState(problem);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      if (settings.kind === "cognito") await beginCognitoSignIn(settings);
      else onSignedIn(await signInLocally(settings.url, name.trim()));
    } catch (caught) {
      setError((caught as Error).message);
      setBusy(false);
    }
  };
  return (
    <section class="sign-in" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Sign in</h2>
      <form onSubmit={submit}>
        {settings.kind === "local" && (
          <>
            <label for="sign-in-name">Your name (local stack: any name is a user)</label>
            <input
              id="sign-in-name"
              autocomplete="username"
              required
              value={name}
              onInput={(event) => setName(event.currentTarget.value)}
            />
          </>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
};
