import { useEffect, useState, type ComponentType, type ReactNode } from "react";

/** False on the server and during hydration; true once React runs in the browser. */
export function useHydrated(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

/** Renders `children()` only in the browser, after hydration; `fallback` on the server and before. */
export function ClientOnly({ children, fallback = null }: { children: () => ReactNode; fallback?: ReactNode }) {
  const mounted = useHydrated();
  return <>{mounted ? children() : fallback}</>;
}

/**
 * A component loaded in the browser from its own chunk (recharts stays out of the page's bundle):
 * `fallback` until the chunk has arrived, then the component with the same props.
 */
export function LazyComponent<P extends object>({ load, fallback, props }: { load: () => Promise<ComponentType<P>>; fallback: ReactNode; props: P }) {
  const [Loaded, setLoaded] = useState<ComponentType<P> | null>(null);
  useEffect(() => {
    let live = true;
    load().then((c) => {
      if (live) setLoaded(() => c);
    });
    return () => {
      live = false;
    };
    // The loader is fixed for the life of the component: it loads once.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one chunk per mount, whatever the parent re-renders
  }, []);
  return Loaded ? <Loaded {...props} /> : <>{fallback}</>;
}
