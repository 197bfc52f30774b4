import type { ReactNode } from "react";

/** The calm full-width card of the thank-you and "already rated" views. */
export function SurveyNotice({ icon, title, children }: { icon: "done" | "info"; title: string; children?: ReactNode }) {
  return (
    <section className={`survey-notice ${icon}`} role="status" aria-live="polite">
      <div className="survey-notice-icon" aria-hidden="true">
        {icon === "done" ? (
          <svg viewBox="0 0 48 48" width="56" height="56">
            <circle cx="24" cy="24" r="22" fill="currentColor" opacity="0.12" />
            <path d="M14 25l7 7 13-15" fill="none" stroke="currentColor" strokeWidth="4" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        ) : (
          <svg viewBox="0 0 48 48" width="56" height="56">
            <circle cx="24" cy="24" r="22" fill="currentColor" opacity="0.12" />
            <circle cx="24" cy="15" r="3" fill="currentColor" />
            <path d="M24 22v14" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
          </svg>
        )}
      </div>
      <h1>{title}</h1>
      {children}
    </section>
  );
}
