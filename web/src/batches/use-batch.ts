import type { BatchView, UploadKind } from "@shoebox/schemas";
import { useEffect, useState } from "preact/hooks";
import type { Api } from "../api.ts";
import { batchProgress } from "./batch-progress.ts";

/** How often an open batch is asked about again. */
export const BATCH_POLL_MS = 2000;

/**
 * One batch, asked about again every BATCH_POLL_MS until it is complete (or the page goes): the
 * counters only grow, so the last answer is the one to show. A failed read is shown and tried
 * again next round: a batch is often read before the API has written it.
 */
export const useBatch = (api: Api, batchId: string, kind: UploadKind | undefined) => {
  const [batch, setBatch] = useState<BatchView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [round, setRound] = useState(0);
  // round: each round asks again.
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const again = () => {
      if (current) timer = setTimeout(() => setRound((n) => n + 1), BATCH_POLL_MS);
    };
    api.getBatch(batchId).then(
      (fresh) => {
        if (!current) return;
        setBatch(fresh);
        setError(undefined);
        if (!batchProgress(fresh, kind).complete) again();
      },
      (caught: Error) => {
        if (!current) return;
        setError(caught.message);
        again();
      },
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, batchId, kind, round]);
  return { batch, progress: batch && batchProgress(batch, kind), error };
};
