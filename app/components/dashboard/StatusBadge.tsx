import type { Lang } from "../../i18n/format";
import { verdictLabel, verdictNote, type Verdict } from "../../domain/verdict";

/**
 * A verdict as a badge: its words (app/domain/verdict.ts), with the plain note when a closed
 * period's interval straddles the target. `label` names the target it judges ("Chỉ tiêu tỷ lệ").
 */
export function StatusBadge({ lang, verdict, testId, label }: { lang: Lang; verdict: Pick<Verdict, "status" | "n" | "uncertain">; testId?: string; label?: string }) {
  const note = verdictNote(verdict, lang === "en" ? "en" : "vi");
  return (
    <span className="status-wrap" data-testid={testId} data-status={verdict.status}>
      {label ? <span className="status-label">{label}: </span> : null}
      <span className={`status ${verdict.status}`}>{verdictLabel(verdict, lang === "en" ? "en" : "vi")}</span>
      {note ? <span className="status-note"> ({note})</span> : null}
    </span>
  );
}
