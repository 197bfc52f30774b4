import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, TextField, useFailure } from "../components/forms";
import { Assignees, OutcomeTag, StatusTag } from "../components/plans/parts";
import { flashText } from "../domain/text";
import { formatDate, formatNumber, formatPercent } from "../i18n/format";
import { localDay } from "../domain/periods";
import { formFields } from "../schemas/admin";
import { db } from "../platform/db.server";
import { parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import { planOverview, recordResult, resultForm, type TaskSummary } from "../services/plans/leader-view.server";
import { issueForm, issuePlan, planForm, recordDimensionScores, updateDraft } from "../services/plans/plan-drafts.server";
import { PlanFields } from "../components/plans/PlanFields";
import { clientIp, requirePermission, userCan } from "../platform/session.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/plans.css?url";
import { stylesheets } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.plan.title ?? "Kế hoạch"} — Hài Lòng` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, conn, frame: chrome } = await staffPage(request, "read:plans", "plans");
  const [overview] = await Promise.all([planOverview(conn, params.code ?? "", localDay(new Date()))]);
  return json({ ...chrome, ...overview, canManage: await userCan(user, "manage:plans") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manage:plans");
  const fields = formFields(await request.formData());
  const intent = String(fields.intent ?? "");
  const actor = { userId: user.id, ip: clientIp(request) };
  const code = params.code ?? "";
  if (intent === "edit") {
    return runIntent(intent, fields, async () => {
      await updateDraft(db(), code, parseForm(planForm, fields), actor);
      return redirect(`/ke-hoach/${code}?ok=edited`);
    });
  }
  if (intent === "scores") {
    return runIntent(intent, fields, async () => {
      await recordDimensionScores(db(), code, fields, actor);
      return redirect(`/ke-hoach/${code}?ok=scores`);
    });
  }
  if (intent === "issue") {
    return runIntent(intent, fields, async () => {
      await issuePlan(db(), code, parseForm(issueForm, fields), actor);
      return redirect(`/ke-hoach/${code}?ok=issued`);
    });
  }
  if (intent !== "result") return unknownIntent(intent);
  return runIntent(intent, fields, async () => {
    await recordResult(db(), params.code ?? "", parseForm(resultForm, fields), { userId: user.id, ip: clientIp(request) });
    return redirect(`/ke-hoach/${params.code}?ok=result`);
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function TaskTable({ tasks, label }: { tasks: TaskSummary[]; label: string }) {
  return (
    <table className="data pl-table" aria-label={label}>
      <thead>
        <tr><th scope="col">Mã</th><th scope="col">Nhiệm vụ</th><th scope="col">Chủ trì</th><th scope="col">Thực hiện</th><th scope="col">Thời gian</th><th scope="col">Báo cáo</th></tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr key={t.id} data-task={t.code}>
            <th scope="row" className="pl-code">{t.code}</th>
            <td data-label="Nhiệm vụ">
              <p className="pl-task-title">{t.title}</p>
              {t.target ? <p className="pl-small" data-testid="task-target">Chỉ tiêu: {t.target}</p> : null}
              {t.deliverable ? <p className="muted pl-small">Sản phẩm: {t.deliverable}</p> : null}
            </td>
            <td data-label="Chủ trì"><Assignees list={t.lead} />{t.leadText && t.lead.some((a) => a.type !== "external") ? <p className="muted pl-small">Văn bản ghi: {t.leadText}</p> : null}</td>
            <td data-label="Thực hiện"><Assignees list={t.implementers} /></td>
            <td data-label="Thời gian" data-kind={t.scheduleKind}>
              {t.scheduleText ? t.scheduleText : <span className="muted">Văn bản để trống</span>}
              {t.scheduleText && t.scheduleKind !== "as_written" && t.scheduleLabel !== t.scheduleText ? <p className="muted pl-small">Hiểu là: {t.scheduleLabel}</p> : null}
              {t.scheduleReview ? <><br /><span className="pl-tag warn-tone">Giữ nguyên văn, cần xem lại</span></> : null}
              {t.overdue ? <><br /><span className="pl-tag bad-tone">Quá hạn hoàn thành</span></> : null}
            </td>
            <td data-label="Báo cáo">
              <StatusTag status={t.lastStatus} />
              <span className="muted pl-small"> {formatNumber(t.reported)}/{formatNumber(t.expected)} kỳ đã nộp</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The change of a dimension's PAPI score against the plan's baseline year. */
function PapiChange({ p }: { p: NonNullable<Data["dimensions"][number]["papi"]> }) {
  if (p.baseline === null) return p.baselineYear ? <span className="label">năm {p.baselineYear}: chưa nhập điểm</span> : null;
  const tone = p.change === null ? "" : p.change > 0 ? "ok-tone" : p.change < 0 ? "bad-tone" : "muted-tone";
  const sign = p.change === null ? "" : p.change > 0 ? "+" : p.change < 0 ? "−" : "±";
  return (
    <span className="label" data-testid="papi-change">
      năm {p.baselineYear}: {formatNumber(p.baseline, "vi", 2)}
      {p.change !== null ? <> · <span className={`pl-tag ${tone}`}>{sign}{formatNumber(Math.abs(p.change), "vi", 2)}</span></> : null}
    </span>
  );
}

function Score({ d }: { d: Data["dimensions"][number] }) {
  if (d.papi && d.value === null) {
    return (
      <div className="pl-score">
        <span className="value">—</span><span className="label">chưa nhập điểm PAPI {d.papi.year}</span>
        <PapiChange p={d.papi} />
      </div>
    );
  }
  if (d.value === null) {
    return <div className="pl-score"><span className="value">—</span><span className="label">{d.source === "none" && d.valueLabel.startsWith("tỷ lệ") ? "chưa có dữ liệu khảo sát" : "chưa nhập điểm chính thức"}</span></div>;
  }
  if (d.measured !== null && d.official !== null) {
    const gap = Math.round((d.official - d.measured * 100) * 100) / 100;
    return (
      <div className="pl-score" data-testid="dimension-score">
        <span className="value">{formatPercent(d.measured)}</span>
        <span className="label">đo được từ khảo sát của tỉnh{d.n !== null ? ` · ${formatNumber(d.n)} người trả lời` : ""}</span>
        <span className="label" data-testid="official-score">chính thức (Bộ công bố): {formatNumber(d.official, "vi", 2)}%{d.rank !== null ? ` · hạng ${d.rank}` : ""} · chênh lệch {gap > 0 ? "+" : gap < 0 ? "−" : "±"}{formatNumber(Math.abs(gap), "vi", 2)} điểm %</span>
      </div>
    );
  }
  return (
    <div className="pl-score" data-testid="dimension-score">
      <span className="value">{d.source === "measured" ? formatPercent(d.value) : formatNumber(d.value, "vi", 2)}</span>
      <span className="label">{d.valueLabel}{d.n !== null ? ` · ${formatNumber(d.n)} người trả lời` : ""}{d.rank !== null ? ` · hạng ${d.rank}` : ""}</span>
      {d.papi ? <PapiChange p={d.papi} /> : null}
    </div>
  );
}

function ResultForm({ plan }: { plan: Data["plan"] }) {
  const failure = useFailure("result");
  return (
    <Form method="post" className="card admin-form" noValidate aria-labelledby="ket-qua">
      <h2 id="ket-qua">Kết quả chính thức</h2>
      <ErrorSummary failure={failure} />
      <input type="hidden" name="intent" value="result" />
      <TextField form="kq" name="baselineRank" label={`Thứ hạng năm ${plan.baseline.year ?? "gốc"}`} failure={failure} defaultValue={plan.baseline.rank?.toString() ?? ""} hint={`Trên ${plan.baseline.rankOf} tỉnh, thành phố.`} />
      <TextField form="kq" name="resultScore" label={`Điểm năm ${plan.year}`} failure={failure} defaultValue={plan.result.score?.toString().replace(".", ",") ?? ""} hint={`Tối đa ${formatNumber(plan.result.maxScore)} điểm.`} />
      <TextField form="kq" name="resultRank" label={`Thứ hạng năm ${plan.year}`} failure={failure} defaultValue={plan.result.rank?.toString() ?? ""} />
      <TextField form="kq" name="resultGroup" label="Nhóm xếp hạng (nếu công bố)" failure={failure} defaultValue={plan.result.group ?? ""} hint="Ví dụ: nhóm trung bình cao." />
      <div className="form-actions"><button className="btn" type="submit">Lưu kết quả</button></div>
    </Form>
  );
}

function ScoresForm({ dimensions }: { dimensions: Data["dimensions"] }) {
  const failure = useFailure("scores");
  return (
    <Form method="post" className="card admin-form" noValidate aria-labelledby="diem-linh-vuc">
      <h2 id="diem-linh-vuc">Điểm chính thức theo lĩnh vực</h2>
      <p className="muted pl-small">Điểm do Bộ công bố (SIPAS: tỷ lệ % từng chỉ số thành phần; PAR Index: điểm từng lĩnh vực), hiện bên cạnh số đo được của tỉnh.</p>
      <ErrorSummary failure={failure} />
      <input type="hidden" name="intent" value="scores" />
      {dimensions.map((d) => (
        <fieldset key={d.code} className="pl-score-pair">
          <legend>{d.code}. {d.name}</legend>
          <TextField form="sc" name={`score_${d.code}`} label="Điểm chính thức" failure={failure} defaultValue={d.official !== null ? String(d.official).replace(".", ",") : ""} />
          <TextField form="sc" name={`rank_${d.code}`} label="Thứ hạng" failure={failure} defaultValue={d.rank !== null ? String(d.rank) : ""} />
        </fieldset>
      ))}
      <div className="form-actions"><button className="btn" type="submit">Lưu điểm chính thức</button></div>
    </Form>
  );
}

function DraftForms({ plan, targets }: { plan: Data["plan"]; targets: string[] }) {
  const edit = useFailure("edit");
  const issue = useFailure("issue");
  const values = {
    title: plan.title, index: plan.indexCode, year: String(plan.year), yearTo: plan.yearTo ? String(plan.yearTo) : "", docNumber: plan.docNumber ?? "", issuedBy: plan.issuedBy ?? "",
    baselineYear: plan.baseline.year ? String(plan.baseline.year) : "", baselineScore: plan.baseline.score !== null ? String(plan.baseline.score).replace(".", ",") : "",
    baselineRank: plan.baseline.rank ? String(plan.baseline.rank) : "", baselineSource: plan.baselineSource, targets: targets.join("\n"),
  };
  return (
    <div className="admin-stack" data-testid="draft-forms">
      <Form method="post" className="card admin-form" noValidate aria-labelledby="ban-hanh">
        <h2 id="ban-hanh">Ban hành kế hoạch</h2>
        <p className="muted pl-small">Sau khi ban hành, kế hoạch không sửa được nữa; các cơ quan báo cáo theo các kỳ của kế hoạch. <Link to={`/ke-hoach/theo-doi?plan=${plan.code}`}>Nhập nhiệm vụ từ CSV →</Link></p>
        <ErrorSummary failure={issue} />
        <input type="hidden" name="intent" value="issue" />
        <TextField form="issue" name="docNumber" label="Số, ký hiệu văn bản" required failure={issue} defaultValue={plan.docNumber ?? ""} />
        <TextField form="issue" name="issuedOn" label="Ngày ban hành" type="date" required failure={issue} defaultValue={plan.issuedOn ?? ""} />
        <div className="form-actions"><button className="btn" type="submit">Ban hành</button></div>
      </Form>
      <details className="card">
        <summary>Sửa dự thảo</summary>
        <Form method="post" className="admin-form" noValidate aria-label="Sửa dự thảo">
          <ErrorSummary failure={edit} />
          <input type="hidden" name="intent" value="edit" />
          <PlanFields form="edit" failure={edit} values={values} />
          <div className="form-actions"><button className="btn" type="submit">Lưu dự thảo</button></div>
        </Form>
      </details>
    </div>
  );
}

export default function PlanPage() {
  const { demo, nav, plan, dimensions, targets, canManage } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <StaffFrame section="plans" demo={demo} nav={nav} current="/ke-hoach" title={plan.title} flash={flashText(location.search, { result: "Đã lưu kết quả chính thức.", created: "Đã tạo dự thảo kế hoạch.", copied: "Đã sao chép thành dự thảo kế hoạch mới.", imported: "Đã nhập kế hoạch thành dự thảo.", edited: "Đã lưu dự thảo.", scores: "Đã lưu điểm chính thức theo lĩnh vực.", issued: "Đã ban hành kế hoạch; từ nay kế hoạch không sửa được, chỉ ghi báo cáo." })}
      intro={<>
        <p>Số {plan.docNumber ?? "—"}{plan.issuedOn ? ` ngày ${formatDate(plan.issuedOn)}` : ""}{plan.issuedBy ? ` của ${plan.issuedBy}` : ""}{plan.yearTo ? ` · giai đoạn ${plan.year}–${plan.yearTo}` : ` · năm ${plan.year}`}{plan.status === "draft" ? " · bản dự thảo, chưa ban hành" : ""}. <Link to="/ke-hoach">← Tất cả kế hoạch</Link></p>
        {plan.formerProvince ? <p className="pl-small" data-testid="former-province">Kế hoạch của tỉnh {plan.formerProvince} (trước khi hợp nhất năm 2025), dữ liệu mẫu: cơ quan giữ nguyên tên như văn bản, không giao báo cáo cho cơ quan nào trong hệ thống.</p> : null}
        {plan.sourceNote ? <p className="muted pl-small">Nguồn: {plan.sourceNote}.</p> : null}
        <p className="pl-small"><Link to={`/ke-hoach/${plan.code}/tong-hop?ky=9T`}>Báo cáo tổng hợp (quý I, 6 tháng, 9 tháng, năm) để in hoặc tải bản Word →</Link></p>
      </>}>
      <div className="admin-columns">
        <section className="card" aria-labelledby="muc-tieu">
          <h2 id="muc-tieu">Mục tiêu</h2>
          <p className="pl-meta">
            Năm gốc {plan.baseline.year ?? "—"} ({plan.baselineSource === "measured" ? "số đo được của tỉnh" : "điểm chính thức"}): {plan.baseline.score !== null ? `${formatNumber(plan.baseline.score, "vi", 2)}/${formatNumber(plan.baseline.maxScore)} điểm` : "chưa có điểm"}
            {plan.baseline.rank !== null ? `, xếp thứ ${plan.baseline.rank}/${plan.baseline.rankOf}` : ""}.
          </p>
          {plan.result.score !== null || plan.result.rank !== null ? (
            <p className="pl-meta" data-testid="result">
              Năm {plan.year}: {plan.result.score !== null ? `${formatNumber(plan.result.score, "vi", 2)}/${formatNumber(plan.result.maxScore)} điểm` : "chưa có điểm"}
              {plan.result.rank !== null ? `, xếp thứ ${plan.result.rank}/${plan.result.rankOf}` : ""}.
            </p>
          ) : null}
          <ul className="pl-targets" data-testid="targets">
            {targets.map((t, i) => (
              <li key={i}><OutcomeTag outcome={t.outcome} /> <strong>{t.label}</strong> <span className="muted pl-small">{t.detail}</span></li>
            ))}
          </ul>
        </section>
        {canManage && plan.status === "draft" ? <DraftForms plan={plan} targets={targets.map((t) => t.label)} /> : null}
        {canManage ? (
          <div className="admin-stack">
            <ResultForm plan={plan} />
            {plan.indexCode !== "PAPI" ? <ScoresForm dimensions={dimensions} /> : null}
            {plan.indexCode === "PAPI" ? <p className="card pl-small"><Link to={`/ke-hoach/diem-papi?year=${plan.year}`}>Nhập điểm PAPI {plan.year} theo từng lĩnh vực →</Link></p> : null}
          </div>
        ) : null}
      </div>
      {dimensions.map((d) => (
        <section key={d.id} className="card pl-dim" aria-labelledby={`dim-${d.id}`} data-dimension={d.code}>
          <div className="pl-dim-head">
            <div>
              <h2 id={`dim-${d.id}`}>{d.code}. {d.name}</h2>
              {d.targetText ? <p className="muted pl-meta">Mục tiêu: {d.targetText}</p> : null}
            </div>
            <Score d={d} />
          </div>
          {d.tasks.length ? <TaskTable tasks={d.tasks} label={`Nhiệm vụ lĩnh vực ${d.code}`} /> : null}
          {d.subs.map((s) => (
            <div key={s.name}>
              <h3 className="pl-sub">{s.name}</h3>
              <TaskTable tasks={s.tasks} label={`Nhiệm vụ: ${s.name}`} />
            </div>
          ))}
          {d.tasks.length === 0 && d.subs.length === 0 ? <p className="muted">Chưa có nhiệm vụ.</p> : null}
        </section>
      ))}
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
