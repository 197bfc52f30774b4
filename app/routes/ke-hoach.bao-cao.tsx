import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, SelectField, TextField, useAnyFailure, useFailure, TextArea } from "../components/forms";
import { flashText } from "../domain/text";
import { viDay } from "../domain/days";
import { Assignees, EvidenceFiles, PlanPicker, REPORT_STATUS_TEXT, StateTag, StatusTag } from "../components/plans/parts";
import { EVIDENCE_ACCEPT, EVIDENCE_KINDS_TEXT, EVIDENCE_MAX_FILES } from "../domain/evidence";
import { localDay } from "../domain/periods";
import { formFields } from "../schemas/admin";
import { db } from "../platform/db.server";
import { parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import { agencyTasks, fileReport, reportForm, reportingAgencies } from "../services/plans/agency-reports.server";
import { listPlans } from "../services/plans/plans.server";
import { planContext } from "../services/plans/org-context.server";
import { readEvidenceForm } from "../services/plans/plan-evidence.server";
import { clientIp, requirePermission } from "../platform/session.server";
import { consolidateForm, consolidateRound } from "../services/plans/plan-consolidated.server";
import { REPORT_ROUNDS, ROUND_LABEL } from "../domain/plans";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/plans.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Báo cáo thực hiện kế hoạch");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, url, conn, frame: chrome } = await staffPage(request, "report:plans", "plans");
  const [plans, ctx] = await Promise.all([listPlans(conn), planContext(conn)]);
  const agencies = await reportingAgencies(user, ctx);
  const planCode = url.searchParams.get("plan") ?? plans[0]?.code ?? "";
  const wanted = url.searchParams.get("agency");
  const agency = agencies.find((a) => a.code === wanted) ?? agencies[0] ?? null;
  const data = agency && planCode ? await agencyTasks(conn, planCode, agency.code, localDay(new Date())) : null;
  // a commune committee (before 2025, a district one) consolidates its area's reports per round
  const committee = agency && agency.kind === "people_committee" && (agency.level === "commune" || agency.level === "district") && data
    ? { years: Array.from({ length: (data.plan.yearTo ?? data.plan.year) - data.plan.year + 1 }, (_, i) => data.plan.year + i) }
    : null;
  return json({
    committee,
    ...chrome, plans: plans.map((p) => ({ code: p.code, year: p.year, title: p.title })), planCode,
    agencies: agencies.map((a) => ({ value: a.code, label: a.name })), agency: agency?.code ?? null, data,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "report:plans");
  const upload = await readEvidenceForm(request);
  const fields = formFields(upload.form, ["removeEvidence"]);
  const intent = String(fields.intent ?? "report");
  if (intent === "consolidate") {
    return runIntent(intent, fields, async () => {
      const input = parseForm(consolidateForm, fields);
      await consolidateRound(db(), user, input, { userId: user.id, ip: clientIp(request) }, localDay(new Date()));
      const back = new URLSearchParams({ plan: input.plan, agency: input.agency, ok: "consolidated" });
      return redirect(`/ke-hoach/bao-cao?${back}`);
    });
  }
  if (intent !== "report") return unknownIntent(intent);
  return runIntent(intent, fields, async () => {
    if (upload.error) throw upload.error;
    const input = parseForm(reportForm, fields);
    await fileReport(db(), user, input, { userId: user.id, ip: clientIp(request) }, new Date(), upload.files);
    const back = new URLSearchParams({ plan: String(fields.plan ?? ""), agency: input.agency, ok: "filed", ref: String(fields.code ?? "") });
    return redirect(`/ke-hoach/bao-cao?${back}#nv-${input.task}`);
  }, String(fields.task ?? ""));
}

type Task = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["data"]>["tasks"][number];

const STATUS_OPTIONS = Object.entries(REPORT_STATUS_TEXT).map(([value, label]) => ({ value, label }));

/** The file input of a report, with the files the report already has (each may be taken off). */
function EvidenceInput({ id, error, files }: { id: string; error?: string; files: Array<{ id: number; fileName: string }> }) {
  return (
    <div className="field">
      <label htmlFor={id}>Tệp minh chứng</label>
      <span id={`${id}-hint`} className="hint">{EVIDENCE_KINDS_TEXT}; mỗi tệp tối đa 10 MB, mỗi báo cáo tối đa {EVIDENCE_MAX_FILES} tệp. Chọn được nhiều tệp một lúc.</span>
      <input id={id} name="evidence" type="file" multiple accept={EVIDENCE_ACCEPT} aria-invalid={error ? true : undefined} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`} />
      {error ? <span id={`${id}-error`} className="error-text">{error}</span> : null}
      {files.length ? (
        <fieldset className="pl-remove-files">
          <legend className="pl-small">Tệp đã gửi của kỳ này (đánh dấu để bỏ)</legend>
          {files.map((x) => <label key={x.id} className="pl-small"><input type="checkbox" name="removeEvidence" value={x.id} /> {x.fileName}</label>)}
        </fieldset>
      ) : null}
    </div>
  );
}

function TaskReport({ t, agency, plan }: { t: Task; agency: string; plan: string }) {
  const failure = useFailure("report", String(t.id));
  const open = t.periods.filter((p) => p.state !== "on_time" && p.state !== "late");
  const first = open[0] ?? t.periods.at(-1);
  const f = `nv${t.id}`;
  // A new key once a report or its files change: the form (and its file input) starts empty again.
  const formKey = t.periods.map((p) => (p.report ? `${p.code}:${p.report.text.length}:${p.report.files.map((x) => x.id).join(".")}` : "")).join("|");
  return (
    <details className="card pl-report-task" id={`nv-${t.id}`} data-task={t.code} open={!!failure || undefined}>
      <summary>
        <span className="pl-code">{t.code}</span> {t.title.length > 140 ? `${t.title.slice(0, 140)}…` : t.title}{" "}
        <span className="muted pl-small">({t.role === "lead" ? "chủ trì" : "thực hiện"} · {t.scheduleText})</span>
      </summary>
      <div className="pl-report-grid">
        <div>
          <p className="muted pl-small">{t.dimension}</p>
          <p className="pl-small"><strong>Chủ trì:</strong></p><Assignees list={t.lead} />
          <p className="pl-small"><strong>Thực hiện:</strong></p><Assignees list={t.implementers} />
          {t.deliverable ? <p className="pl-small"><strong>Sản phẩm:</strong> {t.deliverable}</p> : null}
          <h3>Các kỳ báo cáo</h3>
          {t.periods.length === 0 ? <p className="muted">Chưa đến kỳ báo cáo nào{t.scheduleKind === "event" ? " (nhiệm vụ thực hiện khi có sự kiện; điều phối viên ghi ngày phát sinh)" : ""}.</p> : (
            <ul className="pl-periods">
              {t.periods.map((p) => (
                <li key={p.code} data-period={p.code} data-state={p.state}>
                  <div className="pl-period-head"><strong>{p.label}</strong> <StateTag state={p.state} /> <span className="muted pl-small">hạn {viDay(p.due)}</span></div>
                  {p.report ? (
                    <p className="pl-small"><StatusTag status={p.report.status} /> {p.report.text}
                      {p.report.evidenceDoc ? <> · Văn bản: {p.report.evidenceDoc}</> : null}
                      {p.report.evidenceUrl ? <> · <a href={p.report.evidenceUrl} rel="noopener noreferrer" target="_blank">minh chứng</a></> : null}
                      <span className="muted"> (nộp {viDay(p.report.submittedDay)})</span></p>
                  ) : null}
                  {p.report ? <EvidenceFiles files={p.report.files} /> : null}
                </li>
              ))}
            </ul>
          )}
        </div>
        {t.periods.length > 0 ? (
          <Form key={formKey} method="post" encType="multipart/form-data" className="admin-form" noValidate aria-label={`Báo cáo nhiệm vụ ${t.code}`}>
            <h3>Gửi hoặc sửa báo cáo</h3>
            <ErrorSummary failure={failure} />
            <input type="hidden" name="intent" value="report" />
            <input type="hidden" name="task" value={t.id} />
            <input type="hidden" name="code" value={t.code} />
            <input type="hidden" name="agency" value={agency} />
            <input type="hidden" name="plan" value={plan} />
            <SelectField form={f} name="period" label="Kỳ báo cáo" required failure={failure} defaultValue={first?.code} options={t.periods.map((p) => ({ value: p.code, label: `${p.label}${p.report ? " (đã nộp — sửa)" : ""}` }))} />
            <SelectField form={f} name="status" label="Tình trạng" required failure={failure} defaultValue={first?.report?.status ?? "in_progress"} options={STATUS_OPTIONS} />
            <TextArea form={f} name="text" label="Kết quả thực hiện" required failure={failure} rows={4} maxLength={5000} defaultValue={first?.report?.text ?? ""} hint="Việc đã làm trong kỳ, kết quả, khó khăn và kiến nghị." />
            <TextField form={f} name="evidenceDoc" label="Số, ký hiệu văn bản minh chứng" failure={failure} defaultValue={first?.report?.evidenceDoc ?? ""} hint="Ví dụ: 123/BC-STP ngày 05/10/2021." />
            <TextField form={f} name="evidenceUrl" label="Đường dẫn minh chứng" failure={failure} type="url" defaultValue={first?.report?.evidenceUrl ?? ""} hint="Liên kết tới văn bản trên hệ thống quản lý văn bản hoặc cổng thông tin (https://…)." />
            <EvidenceInput id={`${f}-evidence`} error={failure?.fields.evidence} files={first?.report?.files ?? []} />
            <div className="form-actions"><button className="btn" type="submit">Gửi báo cáo</button></div>
          </Form>
        ) : null}
      </div>
    </details>
  );
}

export default function ReportPage() {
  const { demo, nav, plans, planCode, agencies, agency, data, committee } = useLoaderData<typeof loader>();
  const consolidate = useFailure("consolidate");
  const location = useLocation();
  const anyFailure = useAnyFailure();
  const missing = data ? data.tasks.reduce((s, t) => s + t.periods.filter((p) => p.state === "missing").length, 0) : 0;
  return (
    <StaffFrame section="plans" demo={demo} nav={nav} current="/ke-hoach/bao-cao" title="Báo cáo thực hiện kế hoạch" flash={flashText(location.search, { filed: "Đã lưu báo cáo nhiệm vụ {ref}.", consolidated: "Đã gửi bản tổng hợp của địa phương lên tỉnh." })}
      intro={<p>Báo cáo định kỳ (quý I, 6 tháng, 9 tháng và năm; hằng tháng với nhiệm vụ định kỳ hằng tháng) kết quả thực hiện các nhiệm vụ mà cơ quan chủ trì hoặc tham gia thực hiện. Báo cáo đã gửi có thể sửa trong cùng kỳ.</p>}>
      <PlanPicker plans={plans} value={planCode} extra={agencies.length > 1 ? (
        <>
          <label htmlFor="agency-pick">Cơ quan</label>
          <select id="agency-pick" name="agency" defaultValue={agency ?? ""}>{agencies.map((a) => <option key={a.value} value={a.value}>{a.label}</option>)}</select>
        </>
      ) : <input type="hidden" name="agency" value={agency ?? ""} />} />
      {anyFailure && !anyFailure.target ? <ErrorSummary failure={anyFailure} /> : null}
      {!data ? <p className="card">Tài khoản chưa gắn với cơ quan nào để báo cáo.</p> : (
        <>
          <p><strong>{data.agency.name}</strong>: {data.tasks.length} nhiệm vụ được giao{missing ? <>, <span className="pl-tag bad-tone">{missing} kỳ thiếu báo cáo</span></> : null}.</p>
          {data.tasks.length === 0 ? <p className="card">Cơ quan không chủ trì hay thực hiện nhiệm vụ nào của kế hoạch này.</p> : null}
          {data.tasks.map((t) => <TaskReport key={t.id} t={t} agency={data.agency.code} plan={data.plan.code} />)}
          {committee ? (
            <Form method="post" encType="multipart/form-data" className="card admin-form" style={{ marginTop: "1.5rem" }} noValidate aria-labelledby="tong-hop-dia-phuong">
              <h2 id="tong-hop-dia-phuong">Tổng hợp báo cáo của địa phương gửi tỉnh</h2>
              <p className="muted pl-small">UBND cấp xã (trước năm 2025: UBND cấp huyện qua Phòng Nội vụ) tổng hợp báo cáo của các cơ quan, đơn vị trên địa bàn theo kỳ quý I, 6 tháng, 9 tháng, năm; hệ thống ghi lại cơ quan nào đã, chưa báo cáo tại thời điểm gửi.</p>
              <ErrorSummary failure={consolidate} />
              <input type="hidden" name="intent" value="consolidate" />
              <input type="hidden" name="plan" value={data.plan.code} />
              <input type="hidden" name="agency" value={data.agency.code} />
              <SelectField form="th" name="round" label="Kỳ tổng hợp" required failure={consolidate} defaultValue="9T" options={REPORT_ROUNDS.map((k) => ({ value: k, label: ROUND_LABEL[k] }))} />
              <SelectField form="th" name="year" label="Năm" required failure={consolidate} defaultValue={String(committee.years.at(-1))} options={committee.years.map((y) => ({ value: String(y), label: String(y) }))} />
              <TextField form="th" name="note" label="Ghi chú gửi tỉnh" failure={consolidate} />
              <div className="form-actions"><button className="btn" type="submit">Gửi bản tổng hợp</button></div>
            </Form>
          ) : null}
        </>
      )}
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
