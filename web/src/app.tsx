import { useEffect, useMemo, useState } from "preact/hooks";
import { createApi } from "./api.ts";
import { completeCognitoSignIn, currentSession, type Session, saveSession, signOut } from "./auth/session.ts";
import { usePhotoFeed } from "./photos/use-photo-feed.ts";
import type { SiteConfig } from "./site-config.ts";
import { Gallery } from "./views/gallery.tsx";
import { PhotoDetail } from "./views/photo-detail.tsx";
import { SignIn } from "./views/sign-in.tsx";
import { Uploader } from "./views/uploader.tsx";

/** `#/photos/<id>` is a photo's page; anything else is the main page. */
const photoIdOf = (hash: string): string | undefined => {
  const match = /^#\/photos\/(.+)$/.exec(hash);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
};

const useHash = () => {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  return hash;
};

const SignedIn = ({
  config,
  session,
  onSignOut,
}: {
  config: SiteConfig;
  session: Session;
  onSignOut: () => void;
}) => {
  const api = useMemo(
    () => createApi(config.apiUrl, session.token, onSignOut),
    [config.apiUrl, session.token, onSignOut],
  );
  const feed = usePhotoFeed(api);
  const photoId = photoIdOf(useHash());
  return (
    <>
      <header class="top">
        <h1>shoebox</h1>
        <p>
          Signed in as <strong class="who">{session.name}</strong>{" "}
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </p>
      </header>
      <main>
        {photoId ? (
          <PhotoDetail api={api} photoId={photoId} widths={config.thumbnailWidths} />
        ) : (
          <>
            <Uploader api={api} onAccepted={() => void feed.refresh()} />
            <Gallery feed={feed} widths={config.thumbnailWidths} />
          </>
        )}
      </main>
    </>
  );
};

export const App = ({ config }: { config: SiteConfig }) => {
  const [session, setSession] = useState(() => currentSession());
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    if (config.signIn.kind !== "cognito") return;
    completeCognitoSignIn(config.signIn).then(
      (returned) => returned && signedIn(returned),
      (error: Error) => setProblem(error.message),
    );
  }, [config]);
  const signedIn = (next: Session) => {
    saveSession(next);
    setSession(next);
  };
  const leave = useMemo(
    () => () => {
      signOut();
      setSession(undefined);
    },
    [],
  );
  if (!session) {
    return (
      <>
        <header class="top">
          <h1>shoebox</h1>
        </header>
        <main>
          <SignIn settings={config.signIn} onSignedIn={signedIn} problem={problem} />
        </main>
      </>
    );
  }
  return <SignedIn config={config} session={session} onSignOut={leave} />;
};
