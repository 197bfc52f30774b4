import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Chrome } from "../components/Chrome";
import { QuestionField } from "../components/designer/QuestionField";
import { startSync, submit as submitQueued, subscribe } from "../components/kiosk/offline-queue";
import { StatusMark } from "../components/kiosk/StatusMark";
import { newIdempotencyKey } from "../components/kiosk/submit";
import { formatNumber } from "../i18n/format";
import { readSurveyForm, type SurveyFormValues } from "../schemas/survey-form";
import { db } from "../platform/db.server";
import { currentVersion } from "../services/surveys/questionnaires.server";
import { hasDemoData } from "../platform/frame.server";
import { enterRoundForm, entryPoints, roundByCode, type RoundDetail } from "../services/rounds/rounds.server";
import { surveySections } from "../services/surveys/survey.server";
import { requirePermission } from "../platform/session.server";
import styles from "../styles/survey.css?url";
import designerStyles from "../styles/designer.css?url";
import roundStyles from "../styles/rounds.css?url";
import { stylesheets } from "../components/page";

export const links = stylesheets(styles, designerStyles, roundStyles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Nhập phiếu đợt ${data.round.code} — Hài Lòng` : "Nhập phiếu — Hài Lòng" }];

const FORBIDDEN = "Anh/chị không được giao nhập phiếu cho đơn vị nào của đợt này. Nếu cần, hãy liên hệ quản trị viên.";

async function load(request: Request, code: string): Promise<{ user: Awaited<ReturnType<typeof requirePermission>>; detail: RoundDetail; points: Awaited<ReturnType<typeof entryPoints>> }> {
  const user = await requirePermission(request, "enter:feedback");
  const detail = await roundByCode(db(), code);
  if (!detail) throw new Response("Không có đợt khảo sát này.", { status: 404, statusText: "Not Found" });
  const points = await entryPoints(db(), user, detail);
  if (points.length === 0) throw new Response(FORBIDDEN, { status: 403, statusText: "Forbidden" });
  return { user, detail, points };
}

async function questions(detail: RoundDetail) {
  const version = await currentVersion(db(), detail.round.questionnaire_code);
  if (!version) throw new Response("Bảng hỏi của đợt chưa được phát hành.", { status: 409 });
  return version;
}

/** /dot-khao-sat/<code>/nhap: an interviewer enters one interview after another (tablet or phone). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail, points } = await load(request, params.code ?? "");
  const url = new URL(request.url);
  const version = await questions(detail);
  const r = detail.round;
  const mine = new Set(points.map((p) => p.quota));
  return json(
    {
      demo: await hasDemoData(db()),
      round: { code: r.code, name: r.name, status: r.status, startsOn: r.starts_on, endsOn: r.ends_on, questionnaire: r.questionnaire_name },
      points,
      point: url.searchParams.get("point") ?? "",
      saved: url.searchParams.get("ok") === "1",
      quotas: detail.quotas.filter((q) => mine.has(q.code)),
      sections: await surveySections(db(), version, "vi"),
      idempotencyKey: crypto.randomUUID(),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

type ActionData = { errors: Record<string, string>; values: SurveyFormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, detail } = await load(request, params.code ?? "");
  const version = await questions(detail);
  const values = readSurveyForm(await request.formData(), version.questions.map((q) => q.code));
  const r = await enterRoundForm(db(), user, detail, values);
  if (!r.ok) return json<ActionData>({ errors: r.errors, values }, { status: r.status });
  return redirect(`/dot-khao-sat/${encodeURIComponent(detail.round.code)}/nhap?ok=1&point=${encodeURIComponent(values.servicePoint.trim())}`, 303);
}

/** What the page says after a send through the outbox (JavaScript on). */
type LocalResult = { saved: true } | { queued: true } | { errors: Record<string, string> };

/** Offline, the server cannot check the interview: the choices every interview needs are checked here first. */
function missingChoices(form: HTMLFormElement): Record<string, string> {
  const errors: Record<string, string> = {};
  const point = form.elements.namedItem("servicePoint") as HTMLSelectElement | null;
  if (!point?.value) errors.servicePoint = "Hãy chọn điểm phục vụ.";
  const groups = new Set(Array.from(form.querySelectorAll<HTMLInputElement>("fieldset input.opt-input"), (el) => el.name));
  for (const name of groups) {
    if (!form.querySelector(`input.opt-input[name="${CSS.escape(name)}"]:checked`)) errors[name] = "Vui lòng chọn một câu trả lời.";
  }
  return errors;
}

export default function RoundEntry() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as ActionData | undefined;
  const nav = useNavigation();
  const revalidator = useRevalidator();
  // With JavaScript, each interview goes through the kiosk's durable outbox (IndexedDB): offline it
  // waits there with its idempotency key and is sent when the tablet is back online.
  const [formKey, setFormKey] = useState<string>(d.idempotencyKey);
  const [local, setLocal] = useState<LocalResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [lastPoint, setLastPoint] = useState<string | null>(null);
  const queuedBefore = useRef(0);
  useEffect(() => startSync(), []);
  useEffect(() => subscribe((st) => {
    // Queued interviews went out: refresh the progress.
    if (st.queued < queuedBefore.current && navigator.onLine) revalidator.revalidate();
    queuedBefore.current = st.queued;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- subscribed once for the page: the revalidator object changes with each revalidation's state, and the listener only calls revalidate()
  }), []);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const form = e.currentTarget;
    const fd = new FormData(form);
    const answers: Record<string, string> = {};
    for (const [k, v] of fd.entries()) if (k.startsWith("answers.") && typeof v === "string" && v.trim()) answers[k.slice("answers.".length)] = v;
    if (!navigator.onLine) {
      const missing = missingChoices(form);
      if (Object.keys(missing).length) {
        setLocal({ errors: missing });
        return;
      }
    }
    setBusy(true);
    setLastPoint(String(fd.get("servicePoint") ?? ""));
    const r = await submitQueued({
      servicePoint: String(fd.get("servicePoint") ?? ""),
      answers,
      idempotencyKey: String(fd.get("idempotencyKey") ?? ""),
      comment: String(fd.get("comment") ?? "") || null,
      submittedAt: new Date().toISOString(),
      endpoint: `/api/v1/rounds/${encodeURIComponent(d.round.code)}/responses`,
    }).finally(() => setBusy(false));
    if (r.ok || r.retryable) {
      // Stored (or safely queued): a clean form with a new key for the next interview, same point.
      setLocal(r.ok ? { saved: true } : { queued: true });
      setFormKey(newIdempotencyKey());
      if (r.ok) revalidator.revalidate();
      window.scrollTo({ top: 0 });
      return;
    }
    const body = (r.body ?? {}) as { error?: { message?: string; fields?: Record<string, string> } };
    const fields = body.error?.fields ?? {};
    // Field errors are marked on the form; a refusal without fields (round closed…) says why.
    setLocal({ errors: Object.keys(fields).some((k) => k.startsWith("answers.")) ? fields : { ...fields, _: body.error?.message ?? "Chưa lưu được phiếu, vui lòng thử lại." } });
  };
  const errors = local ? ("errors" in local ? local.errors : {}) : a?.errors ?? {};
  const answers = a?.values.answers ?? {};
  const open = d.round.status === "open";
  const quotas = [...new Set(d.points.map((p) => p.quota))];
  const missing = Object.keys(errors).filter((k) => k.startsWith("answers.")).length;
  return (
    <Chrome lang="vi" demo={d.demo}>
      <main className="page narrow survey round-entry">
        <p><Link to="/trang-can-bo">← Trang cán bộ</Link></p>
        <p className="survey-kicker">Nhập phiếu phỏng vấn · Đợt {d.round.code}</p>
        <h1 className="survey-title">{d.round.name}</h1>
        <p className="muted">{d.round.questionnaire} · {d.round.startsOn} → {d.round.endsOn}. Mỗi phiếu được lưu với tên điều tra viên và tính vào chỉ tiêu của đơn vị.</p>

        <section className="card" aria-labelledby="tien-do">
          <h2 id="tien-do" className="section-title">Tiến độ của anh/chị</h2>
          <ul className="quota-list" data-testid="entry-progress">
            {d.quotas.map((q) => (
              <li key={q.code} className="quota-row" data-unit={q.code} data-done={q.done}>
                <span>{q.name}</span>
                <span className={`quota-bar${q.progress >= 1 ? " full" : ""}`} role="img" aria-label={`${q.name}: ${q.done} trên ${q.target} phiếu`}>
                  <span style={{ width: `${Math.min(100, Math.round(q.progress * 100))}%` }} />
                </span>
                <span className="quota-count">{formatNumber(q.done)}/{formatNumber(q.target)}</span>
              </li>
            ))}
          </ul>
        </section>

        <StatusMark lang="vi" />
        {(d.saved && !a && !local) || (local && "saved" in local) ? <p className="admin-flash" role="status" data-testid="entry-saved">Đã lưu phiếu. Mời nhập phiếu tiếp theo.</p> : null}
        {local && "queued" in local ? (
          <p className="admin-flash queued" role="status" data-testid="entry-queued">Chưa gửi được (mất mạng): phiếu đã được lưu trên máy này và sẽ tự gửi khi có mạng lại. Mời nhập phiếu tiếp theo.</p>
        ) : null}
        {!open ? (
          <p className="card field-note warn" role="status">Đợt này {d.round.status === "draft" ? "chưa mở" : "đã đóng"}: không nhận phiếu.</p>
        ) : (
          <Form method="post" noValidate className="survey-form" key={formKey} onSubmit={onSubmit}>
            {errors._ || missing ? (
              <div className="error-summary" role="alert" tabIndex={-1}>
                <p>{errors._ ?? `Còn ${missing} câu chưa trả lời hoặc chưa hợp lệ (được đánh dấu bên dưới).`}</p>
              </div>
            ) : null}
            <input type="hidden" name="idempotencyKey" value={(!local && a?.values.idempotencyKey) || formKey} />
            <section className="survey-card">
              <div className={`field${errors.servicePoint ? " has-error" : ""}`}>
                <label htmlFor="servicePoint">Điểm phục vụ người được phỏng vấn đã đến <span className="req">(bắt buộc)</span></label>
                {errors.servicePoint ? <p className="error-text" id="servicePoint-error">{errors.servicePoint}</p> : null}
                <select id="servicePoint" name="servicePoint" defaultValue={a?.values.servicePoint ?? lastPoint ?? d.point} aria-invalid={errors.servicePoint ? true : undefined}>
                  <option value="">— Chọn điểm phục vụ —</option>
                  {quotas.map((q) => {
                    const ps = d.points.filter((p) => p.quota === q);
                    return <optgroup key={q} label={ps[0].quotaName}>{ps.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}</optgroup>;
                  })}
                </select>
              </div>
            </section>
            {d.sections.map((s) => (
              <section key={s.code} className="survey-section" aria-labelledby={`sec-${s.code}`}>
                <h2 id={`sec-${s.code}`} className="section-title">{s.title}</h2>
                {s.questions.map((q) => <QuestionField key={q.code} q={q} value={answers[q.code]} error={errors[`answers.${q.code}`]} lang="vi" />)}
              </section>
            ))}
            <section className="survey-card">
              <div className="field">
                <label htmlFor="comment">Ghi chú của điều tra viên (không ghi thông tin cá nhân)</label>
                <textarea id="comment" name="comment" rows={3} maxLength={2000} defaultValue={a?.values.comment ?? ""} />
              </div>
            </section>
            <div className="survey-submit">
              <button type="submit" className="btn survey-send" disabled={nav.state === "submitting" || busy}>{nav.state === "submitting" || busy ? "Đang lưu…" : "Lưu phiếu"}</button>
            </div>
          </Form>
        )}
      </main>
    </Chrome>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
