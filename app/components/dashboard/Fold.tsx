import type { ReactNode, Ref, SyntheticEvent } from "react";

/** A long section folded under a one-line summary (works without JavaScript). */
export function Fold({ id, title, testId, open = false, onToggle, detailsRef, children }: {
  id?: string;
  title: ReactNode;
  testId?: string;
  open?: boolean;
  onToggle?: (e: SyntheticEvent<HTMLDetailsElement>) => void;
  detailsRef?: Ref<HTMLDetailsElement>;
  children: ReactNode;
}) {
  return (
    <details className="dash-fold" id={id} data-testid={testId} open={open || undefined} onToggle={onToggle} ref={detailsRef}>
      <summary>{title}</summary>
      {children}
    </details>
  );
}
