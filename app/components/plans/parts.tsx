import { Form } from "@remix-run/react";
import { fileSizeText } from "../../domain/evidence";
import type { ReactNode } from "react";

/** Small pieces shared by the plan pages (/ke-hoach…) and the PAR Index pages (/chi-so-par…). */

export const REPORT_STATUS_TEXT: Record<string, string> = {
  not_started: "Chưa triển khai",
  in_progress: "Đang thực hiện",
  done: "Hoàn thành",
  delayed: "Chậm",
};

const STATUS_TONE: Record<string, string> = { not_started: "muted-tone", in_progress: "info-tone", done: "ok-tone", delayed: "bad-tone" };

export function StatusTag({ status }: { status: string | null }) {
  if (!status) return <span className="pl-tag muted-tone">Chưa báo cáo</span>;
  return <span className={`pl-tag ${STATUS_TONE[status] ?? ""}`}>{REPORT_STATUS_TEXT[status] ?? status}</span>;
}

const STATE_TEXT: Record<string, [string, string]> = {
  on_time: ["Đã nộp đúng hạn", "ok-tone"],
  late: ["Nộp muộn", "warn-tone"],
  missing: ["Thiếu báo cáo", "bad-tone"],
  not_due: ["Chưa đến hạn", "muted-tone"],
};

export function StateTag({ state }: { state: string }) {
  const [text, tone] = STATE_TEXT[state] ?? [state, ""];
  return <span className={`pl-tag ${tone}`}>{text}</span>;
}

const OUTCOME_TEXT: Record<string, [string, string]> = {
  met: ["Đạt", "ok-tone"],
  not_met: ["Chưa đạt", "bad-tone"],
  no_data: ["Chưa có kết quả", "muted-tone"],
};

export function OutcomeTag({ outcome }: { outcome: string }) {
  const [text, tone] = OUTCOME_TEXT[outcome] ?? [outcome, ""];
  return <span className={`pl-tag ${tone}`}>{text}</span>;
}

/** A list of assignees; bodies outside the system are marked. */
export function Assignees({ list }: { list: Array<{ label: string; type: string }> }) {
  if (list.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="pl-assignees">
      {list.map((a, i) => (
        <li key={i} className={a.type === "group" ? "pl-group" : undefined}>
          {a.label}
          {a.type === "group" ? <span className="muted"> (nhóm)</span> : a.type === "external" ? <span className="muted"> (ngoài hệ thống)</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** A GET form that picks one plan (and keeps other query values). */
export function PlanPicker({ plans, value, extra }: { plans: Array<{ code: string; year: number; title: string }>; value: string; extra?: ReactNode }) {
  return (
    <Form method="get" className="pl-picker">
      <label htmlFor="plan-pick">Kế hoạch</label>
      <select id="plan-pick" name="plan" defaultValue={value}>
        {plans.map((p) => <option key={p.code} value={p.code}>{p.year} — {p.title}</option>)}
      </select>
      {extra}
      <button className="btn secondary small" type="submit">Xem</button>
    </Form>
  );
}

/** Evidence files of a report: each a download link with its size. */
export function EvidenceFiles({ files }: { files: Array<{ id: number; fileName: string; size: number }> }) {
  if (files.length === 0) return null;
  return (
    <ul className="pl-files" aria-label="Tệp minh chứng">
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/ke-hoach/minh-chung/${f.id}`} download={f.fileName} data-evidence={f.fileName}>{f.fileName}</a>{" "}
          <span className="muted pl-small">({fileSizeText(f.size)})</span>
        </li>
      ))}
    </ul>
  );
}
