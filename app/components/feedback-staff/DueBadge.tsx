import { viDay } from "../../domain/days";

interface Due {
  overdue: boolean;
  days: number | null;
  label: string;
}

/** The due day, red when overdue, with "còn N ngày làm việc" / "quá hạn N ngày làm việc". */
export function DueBadge({ dueDay, due, compact }: { dueDay: string; due: Due; compact?: boolean }) {
  const tone = due.days === null ? "done" : due.overdue ? "overdue" : due.days <= 2 ? "soon" : "ok";
  return (
    <span className={`fb-due ${tone} ${compact ? "compact" : ""}`} data-overdue={due.overdue ? "1" : undefined}>
      <span className="fb-due-day">{viDay(dueDay)}</span>
      {due.days !== null ? <span className="fb-due-left">{due.label}</span> : null}
    </span>
  );
}

const STATUS_TONE: Record<string, string> = { received: "queue", assigned: "open", answered: "answered", published: "published", closed: "closed" };

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`fb-status ${STATUS_TONE[status] ?? ""}`}>{label}</span>;
}
