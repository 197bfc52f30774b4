import type { ReactNode } from "react";

/** A long section folded under a one-line summary (works without JavaScript). */
export function Fold({ id, title, testId, open = false, children }: { id?: string; title: ReactNode; testId?: string; open?: boolean; children: ReactNode }) {
  return (
    <details className="dash-fold" id={id} data-testid={testId} open={open || undefined}>
      <summary>{title}</summary>
      {children}
    </details>
  );
}
