import { useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useRef, type ReactNode } from "react";
import type { Lang } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import type { DashboardSectionResult } from "../../services/indices/dashboard-pages.server";
import { useHydrated } from "./ClientOnly";
import { Fold } from "./Fold";

/**
 * A folded section whose content loads the first time it is opened (GET `src`, a resource route
 * answering DashboardSectionResult), then renders with `children(data)`. With `initial` (the page
 * was asked for it, `mo=`) it is rendered open at once. Without JavaScript, the opened fold offers
 * a link to the same page with the section included (`noJsHref`).
 */
export function LazyFold<T>({ id, title, testId, lang, src, noJsHref, initial, children }: {
  id: string;
  title: ReactNode;
  testId: string;
  lang: Lang;
  src: string;
  noJsHref: string;
  initial: T | undefined;
  children: (data: T) => ReactNode;
}) {
  const hydrated = useHydrated();
  const fetcher = useFetcher<DashboardSectionResult>();
  const ref = useRef<HTMLDetailsElement>(null);
  const loaded = fetcher.data?.ok ? (fetcher.data.data as T) : undefined;
  const data = initial ?? loaded;
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  const { load, state } = fetcher;
  const started = fetcher.data !== undefined || state !== "idle";
  const loadOnce = useCallback(() => {
    if (initial === undefined && !started && ref.current?.open) load(src);
  }, [initial, started, load, src]);
  // A fold opened before the page came alive (a reader's click, a test) loads once it has.
  useEffect(loadOnce, [loadOnce]);
  return (
    <Fold id={id} title={title} testId={testId} open={initial !== undefined} onToggle={loadOnce} detailsRef={ref}>
      {data !== undefined ? children(data) : (
        <>
          <p className="dash-fold-status" role="status" aria-live="polite" data-testid="fold-status">
            {hydrated && state === "loading" ? td(lang, "fold.loading") : null}
          </p>
          {failed ? (
            <p className="error-text" role="alert" data-testid="fold-error">
              {failed || td(lang, "fold.error")}{" "}
              <a href={noJsHref} onClick={(e) => { e.preventDefault(); load(src); }}>{td(lang, "fold.retry")}</a>
            </p>
          ) : null}
          {hydrated ? null : <p><a href={noJsHref} data-testid="fold-open-link">{td(lang, "fold.open")}</a></p>}
        </>
      )}
    </Fold>
  );
}
