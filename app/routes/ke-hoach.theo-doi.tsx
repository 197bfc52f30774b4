import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, SelectField, TextField, useFailure } from "../components/forms";
import { flashText } from "../domain/text";
import { viDay } from "../domain/days";
import { EvidenceFiles, PlanPicker, StatusTag } from "../components/plans/parts";
import { formatNumber } from "../i18n/format";
import { localDay } from "../domain/periods";
import { formFields } from "../schemas/admin";
import { db } from "../platform/db.server";
import { runIntent, unknownIntent } from "../platform/forms.server";
import { periodCodeLabel, TASK_COLUMNS } from "../domain/plans";
import { recentReports, reportGaps, triggerTask } from "../services/plans/coordinator.server";
import { listPlans, loadPlan } from "../services/plans/plans.server";
import { importTasksCsv } from "../services/plans/task-rows.server";
import { clientIp, requirePermission } from "../platform/session.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/plans.css?url";
import { uploadedText } from "../platform/upload.server";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Theo dõi báo cáo kế hoạch");

const MAX_CSV_BYTES = 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "manage:plans", "plans");
  const [plans] = await Promise.all([listPlans(conn)]);
  const planCode = url.searchParams.get("plan") ?? plans[0]?.code ?? "";
  const today = localDay(new Date());
  const gaps = planCode ? await reportGaps(conn, planCode, today) : null;
  const events = planCode ? (await loadPlan(conn, planCode)).tasks.filter((t) => t.schedule.kind === "event").map((t) => ({ value: t.code, label: `${t.code} — ${t.scheduleText}${t.triggeredOn ? ` (đã ghi ${viDay(t.triggeredOn)})` : ""}` })) : [];
  const recent = planCode ? await recentReports(conn, planCode) : [];
  return json({ ...chrome, plans: plans.map((p) => ({ code: p.code, year: p.year, title: p.title })), planCode, gaps, events, today, recent });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manage:plans");
  const url = new URL(request.url);
  const form = await request.formData();
  const fields = formFields(form);
  const intent = String(fields.intent ?? "");
  const plan = String(fields.plan ?? url.searchParams.get("plan") ?? "");
  const actor = { userId: user.id, ip: clientIp(request) };
  switch (intent) {
    case "import":
      return runIntent(intent, fields, async () => {
        const { text } = await uploadedText(form, { maxBytes: MAX_CSV_BYTES, pastedField: "csv", types: ["csv"], missing: "Chưa có dữ liệu: chọn tệp CSV hoặc dán nội dung vào ô.", missingField: "Chọn tệp CSV." });
        const r = await importTasksCsv(db(), plan, text, actor);
        if (!r.ok) return json({ ok: false, intent, target: null, message: `Chưa nhập: có ${r.errors.length} lỗi, không dòng nào được lưu.`, fields: {}, values: { csv: fields.csv ?? "" }, errors: r.messages }, { status: 400 });
        const ref = `${r.created} mới, ${r.updated} cập nhật${r.external.length ? `; ngoài hệ thống: ${r.external.slice(0, 5).join(", ")}` : ""}`;
        return redirect(`/ke-hoach/theo-doi?plan=${encodeURIComponent(plan)}&ok=imported&ref=${encodeURIComponent(ref)}`);
      });
    case "trigger":
      return runIntent(intent, fields, async () => {
        await triggerTask(db(), plan, String(fields.task ?? ""), String(fields.day ?? ""), actor);
        return redirect(`/ke-hoach/theo-doi?plan=${encodeURIComponent(plan)}&ok=triggered&ref=${encodeURIComponent(String(fields.task ?? ""))}`);
      }, "trigger");
    default:
      return unknownIntent(intent);
  }
}

function ImportForm({ plan }: { plan: string }) {
  const failure = useFailure("import");
  const data = useActionData<{ errors?: string[] }>();
  return (
    <Form method="post" encType="multipart/form-data" className="card admin-form pl-import" noValidate aria-labelledby="nhap-csv">
      <h2 id="nhap-csv">Nhập nhiệm vụ từ CSV</h2>
      <p className="muted pl-small">Cột: <code>{TASK_COLUMNS.join(",")}</code>. Nhiều cơ quan cách nhau bằng dấu chấm phẩy; nhóm như “UBND cấp xã”, “Các sở, ban, ngành” được hiểu là tất cả cơ quan thuộc nhóm. Nhiệm vụ trùng mã được cập nhật. Có lỗi thì không dòng nào được lưu.</p>
      <ErrorSummary failure={failure} />
      {data?.errors?.length ? <ul className="pl-errors" data-testid="import-errors">{data.errors.map((e, i) => <li key={i}>{e}</li>)}</ul> : null}
      <input type="hidden" name="intent" value="import" />
      <input type="hidden" name="plan" value={plan} />
      <div className="field">
        <label htmlFor="csv-file">Tệp CSV (UTF-8, tối đa 1 MB)</label>
        <input id="csv-file" name="file" type="file" accept=".csv,text/csv" />
      </div>
      <div className="field">
        <label htmlFor="csv-text">hoặc dán nội dung CSV</label>
        <textarea id="csv-text" name="csv" rows={4} defaultValue={typeof failure?.values.csv === "string" ? failure.values.csv : ""} />
      </div>
      <div className="form-actions"><button className="btn" type="submit">Nhập nhiệm vụ</button></div>
    </Form>
  );
}

function TriggerForm({ plan, events }: { plan: string; events: Array<{ value: string; label: string }> }) {
  const failure = useFailure("trigger", "trigger");
  if (events.length === 0) return null;
  return (
    <Form method="post" className="card admin-form" noValidate aria-labelledby="su-kien">
      <h2 id="su-kien">Ghi ngày phát sinh sự kiện</h2>
      <p className="muted pl-small">Nhiệm vụ “khi có văn bản mới”, “sau khi phương án được phê duyệt”… phải báo cáo trong 30 ngày kể từ ngày phát sinh.</p>
      <ErrorSummary failure={failure} />
      <input type="hidden" name="intent" value="trigger" />
      <input type="hidden" name="plan" value={plan} />
      <SelectField form="sk" name="task" label="Nhiệm vụ" required failure={failure} options={events} />
      <TextField form="sk" name="day" label="Ngày phát sinh" type="date" required failure={failure} />
      <div className="form-actions"><button className="btn secondary" type="submit">Ghi ngày</button></div>
    </Form>
  );
}

export default function Coordinator() {
  const { demo, nav, plans, planCode, gaps, events, today, recent } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <StaffFrame section="plans" demo={demo} nav={nav} current="/ke-hoach/theo-doi" title="Theo dõi báo cáo kế hoạch"
      flash={flashText(location.search, { imported: "Đã nhập nhiệm vụ: {ref}.", triggered: "Đã ghi ngày phát sinh cho nhiệm vụ {ref}." })}
      intro={<p>Các kỳ báo cáo (quý I, 6 tháng, 9 tháng, năm; hằng tháng với nhiệm vụ định kỳ hằng tháng) đã quá hạn mà cơ quan chưa nộp, và báo cáo nộp muộn, theo cấp và theo cơ quan (tính đến ngày {viDay(today)}; hạn nộp là 10 ngày sau khi kết thúc kỳ).</p>}>
      <PlanPicker plans={plans} value={planCode} />
      {gaps ? (
        <div className="admin-layout">
          <section aria-labelledby="thieu-cham">
            <ul className="pl-totals" data-testid="totals">
              <li>Kỳ phải nộp<strong>{formatNumber(gaps.totals.expected)}</strong></li>
              <li>Đúng hạn<strong>{formatNumber(gaps.totals.onTime)}</strong></li>
              <li>Nộp muộn<strong>{formatNumber(gaps.totals.late)}</strong></li>
              <li>Thiếu<strong>{formatNumber(gaps.totals.missing)}</strong></li>
            </ul>
            <h2 id="moi-nhan">Báo cáo mới nhận</h2>
            {recent.length === 0 ? <p className="card">Chưa có cơ quan nào gửi báo cáo cho kế hoạch này.</p> : (
              <table className="data pl-table" data-testid="recent-reports" aria-labelledby="moi-nhan">
                <thead><tr><th scope="col">Cơ quan</th><th scope="col">Nhiệm vụ, kỳ</th><th scope="col">Kết quả</th><th scope="col">Minh chứng</th></tr></thead>
                <tbody>
                  {recent.map((r) => (
                    <tr key={r.id} data-report={`${r.agency}|${r.task}|${r.period}`}>
                      <th scope="row">{r.agencyName}</th>
                      <td data-label="Nhiệm vụ, kỳ"><span className="pl-code">{r.task}</span> · {periodCodeLabel(r.period)}<br /><span className="muted pl-small">nộp {viDay(r.submittedDay)}</span></td>
                      <td data-label="Kết quả"><StatusTag status={r.status} /> <span className="pl-small">{r.text.length > 160 ? `${r.text.slice(0, 160)}…` : r.text}</span></td>
                      <td data-label="Minh chứng">
                        {r.evidenceDoc ? <p className="pl-small">Văn bản: {r.evidenceDoc}</p> : null}
                        {r.evidenceUrl ? <p className="pl-small"><a href={r.evidenceUrl} rel="noopener noreferrer" target="_blank">Đường dẫn minh chứng</a></p> : null}
                        <EvidenceFiles files={r.files} />
                        {!r.evidenceDoc && !r.evidenceUrl && r.files.length === 0 ? <span className="muted">—</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <h2 id="thieu-cham">Thiếu và chậm theo cấp, theo cơ quan</h2>
            {gaps.levels.length ? (
              <ul className="pl-totals" data-testid="levels">
                {gaps.levels.map((l) => (
                  <li key={l.level} data-level={l.level}>{l.label}<strong>{formatNumber(l.missing)}/{formatNumber(l.agencies)}</strong><span className="muted pl-small">cơ quan còn thiếu{l.late ? ` · ${formatNumber(l.late)} nộp muộn` : ""}</span></li>
                ))}
              </ul>
            ) : null}
            <p className="pl-small">Cấp xã (trước tháng 7/2025: cấp huyện qua Phòng Nội vụ) tổng hợp báo cáo của cơ quan trên địa bàn trước khi gửi tỉnh; xem ai đã tổng hợp trong <Link to={`/ke-hoach/${planCode}/tong-hop?ky=9T`}>báo cáo tổng hợp của tỉnh</Link>.</p>
            {gaps.agencies.length === 0 ? <p className="card">Không có báo cáo nào thiếu hay chậm.</p> : (
              <table className="data pl-table" data-testid="gaps">
                <thead><tr><th scope="col">Cơ quan</th><th scope="col">Thiếu báo cáo</th><th scope="col">Nộp muộn</th><th scope="col">Quá hạn hoàn thành</th></tr></thead>
                {gaps.levels.map((l) => (
                  <tbody key={l.level} data-level={l.level}>
                    <tr className="pl-level-row"><th scope="rowgroup" colSpan={4}>{l.label}</th></tr>
                    {gaps.agencies.filter((a) => a.level === l.level).map((a) => (
                      <tr key={a.agency} data-agency={a.agency}>
                        <th scope="row">{a.agencyName}</th>
                        <td data-label="Thiếu báo cáo">
                          {a.missing.length === 0 ? <span className="muted">0</span> : (
                            <details>
                              <summary><span className="pl-tag bad-tone">{a.missing.length} kỳ</span></summary>
                              <ul className="pl-gap-list">{a.missing.map((g) => <li key={`${g.taskId}-${g.period}`} data-missing={`${g.task}|${g.period}`}>Nhiệm vụ {g.task} — {g.periodLabel} (hạn {viDay(g.due)})</li>)}</ul>
                            </details>
                          )}
                        </td>
                        <td data-label="Nộp muộn">
                          {a.late.length === 0 ? <span className="muted">0</span> : (
                            <details>
                              <summary><span className="pl-tag warn-tone">{a.late.length} kỳ</span></summary>
                              <ul className="pl-gap-list">{a.late.map((g) => <li key={`${g.taskId}-${g.period}`} data-late={`${g.task}|${g.period}`}>Nhiệm vụ {g.task} — {g.periodLabel}: nộp {viDay(g.submittedDay)}, hạn {viDay(g.due)}</li>)}</ul>
                            </details>
                          )}
                        </td>
                        <td data-label="Quá hạn hoàn thành">{a.overdueTasks.length ? a.overdueTasks.join(", ") : <span className="muted">—</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                ))}
              </table>
            )}
            <p><Link to={`/ke-hoach/${planCode}`}>Xem nhiệm vụ và tình trạng theo lĩnh vực →</Link></p>
          </section>
          <aside className="admin-aside admin-stack">
            <ImportForm plan={planCode} />
            <TriggerForm plan={planCode} events={events} />
          </aside>
        </div>
      ) : <p className="card">Chưa có kế hoạch nào.</p>}
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
