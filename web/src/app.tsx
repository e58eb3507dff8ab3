import { useEffect, useMemo, useState } from "preact/hooks";
import { createApi } from "./api.ts";
import { completeCognitoSignIn, currentSession, type Session, saveSession, signOut } from "./auth/session.ts";
import { usePhotoFeed } from "./photos/use-photo-feed.ts";
import { hrefOf, type Route, useRoute } from "./routes.ts";
import type { SiteConfig } from "./site-config.ts";
import { BatchStatus } from "./views/batch-status.tsx";
import { Export } from "./views/export.tsx";
import { Gallery } from "./views/gallery.tsx";
import { Navigation } from "./views/navigation.tsx";
import { PhotoDetail } from "./views/photo-detail.tsx";
import { Receipts } from "./views/receipts.tsx";
import { ReviewDetailPage } from "./views/review-detail.tsx";
import { Reviews } from "./views/reviews.tsx";
import { SignIn } from "./views/sign-in.tsx";
import { Uploader } from "./views/uploader.tsx";

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
  const route = useRoute();
  // Said once on the gallery after a delete, gone when the person moves on.
  const [deletedName, setDeletedName] = useState<string | undefined>();
  useEffect(() => {
    if (route.page !== "photos") setDeletedName(undefined);
  }, [route.page]);
  const page = (current: Route) => {
    switch (current.page) {
      case "photo":
        return (
          <PhotoDetail
            api={api}
            photoId={current.photoId}
            onDeleted={(name) => {
              feed.forget(current.photoId);
              setDeletedName(name);
              window.location.hash = hrefOf({ page: "photos" });
            }}
          />
        );
      case "batch":
        return <BatchStatus key={current.batchId} api={api} batchId={current.batchId} kind={current.kind} />;
      case "receipts":
        return <Receipts api={api} />;
      case "reviews":
        return <Reviews api={api} />;
      case "review":
        return <ReviewDetailPage key={current.reviewId} api={api} reviewId={current.reviewId} />;
      case "export":
        return <Export api={api} />;
      default:
        return (
          <>
            {deletedName && (
              <p class="notice" role="status">
                Deleted {deletedName}.
              </p>
            )}
            <Uploader api={api} onAccepted={() => void feed.refresh()} />
            <Gallery feed={feed} />
          </>
        );
    }
  };
  return (
    <>
      <header class="top">
        <h1>shoebox</h1>
        <p>
          Signed in as <strong class="who">{session.name}</strong>{" "}
          <button type="button" class="secondary" onClick={onSignOut}>
            Sign out
          </button>
        </p>
        <Navigation route={route} />
      </header>
      <main>{page(route)}</main>
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
