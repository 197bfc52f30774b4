import { useEffect, useState, type ReactNode } from "react";

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
