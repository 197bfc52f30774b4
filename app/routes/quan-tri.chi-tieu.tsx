import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, RowAction, SelectField, SubmitButton, TextField, useAnyFailure, useFailure } from "../components/forms";
import { ciText, formatDecimal, nText, targetLines } from "../components/dashboard/format";
import { StatusBadge } from "../components/dashboard/StatusBadge";
import { BASELINE_LABEL, KIND_LABEL, projectionText } from "../components/targets/labels";
import { TARGET_KINDS } from "../domain/targets";
import { NO_VERDICT } from "../domain/verdict";
import { MIN_SAMPLE } from "../domain/figure";
import { formatPercent } from "../i18n/format";
import { alertSettingsForm, pointsRuleForm, targetForm, targetId } from "../schemas/targets";
import { availableYears, defaultYear } from "../services/indices/dashboard.server";
import { db } from "../platform/db.server";
import { flashText } from "../domain/text";
import { parseForm, adminPost, runIntent, unknownIntent } from "../platform/forms.server";
import { userCan } from "../platform/session.server";
import { alertSettings, pointsRule, saveAlertSettings, savePointsRule } from "../services/indices/targets-settings.server";
import { createTarget, deleteTarget, getTarget, listTargets, readableUnits, targetNodes, updateTarget } from "../services/indices/targets.server";
import adminStyles from "../styles/admin.css?url";
import dashStyles from "../styles/dashboard.css?url";
import styles from "../styles/targets.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, dashStyles, styles);
export const meta = pageTitle("Chỉ tiêu và dự báo — Quản trị");

const PATH = "/quan-tri/chi-tieu";
const FLASH: Record<string, string> = {
  created: "Đã thêm chỉ tiêu.",
  updated: "Đã lưu chỉ tiêu.",
  deleted: "Đã xóa chỉ tiêu.",
  alerts: "Đã lưu ngưỡng cảnh báo; áp dụng từ lần kiểm tra tới (mỗi phút).",
  points: "Đã lưu cách quy đổi điểm PAR.",
};

/** A fraction as the form shows it: 0.8157 → "81,57". */
const asPercentInput = (v: number | null) => (v === null ? "" : formatDecimal(v * 100, "vi", 2));

/** GET /quan-tri/chi-tieu?year=&sua= — leaders read; the admin (manage:targets) edits. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, url, conn, frame: chrome } = await staffPage(request, "read:indices", "admin");
  const canEdit = await userCan(user, "manage:targets");
  const fallback = await defaultYear(conn);
  const y = Number(url.searchParams.get("year"));
  const year = Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : fallback;
  const [years, targets, nodes, units] = await Promise.all([availableYears(conn), listTargets(conn, user, year), targetNodes(conn), readableUnits(conn, user),
  ]);
  const editId = Number(url.searchParams.get("sua"));
  const editing = canEdit && Number.isInteger(editId) && editId > 0 ? await getTarget(conn, editId) : null;
  return json({
    ...chrome,
    canEdit,
    year,
    years: [...new Set([...years, year, year + 1])].sort((a, b) => b - a),
    targets,
    nodes: nodes.map((n) => ({ value: n.code, label: `${n.par_code ? `${n.par_code} · ` : ""}${n.name}`, maxPoints: n.max_points, child: n.parent_id !== null })),
    units: units.map((u) => ({ value: u.code, label: `${u.level === "commune" ? "— " : u.level === "district" ? "· " : ""}${u.name} (${u.code})` })),
    editing: editing
      ? {
          id: editing.id, year: String(editing.year), node: editing.node_code, unit: editing.unit_code, kind: editing.kind, value: editing.kind === "improve" ? "" : asPercentInput(editing.value),
          baselineSource: editing.baseline_source, baselineValue: asPercentInput(editing.baseline_value), pointTarget: editing.point_target === null ? "" : formatDecimal(editing.point_target, "vi"), note: editing.note ?? "",
        }
      : null,
    settings: canEdit ? { alerts: await alertSettings(conn), rule: await pointsRule(conn) } : null,
    flash: flashText(url.search, FLASH),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { fields, intent, actor } = await adminPost(request, "manage:targets");
  const conn = db();
  switch (intent) {
    case "create":
      return runIntent(intent, fields, async () => {
        const input = parseForm(targetForm, fields);
        await createTarget(conn, input, actor);
        return redirect(`${PATH}?year=${input.year}&ok=created`);
      });
    case "update":
      return runIntent(intent, fields, async () => {
        const { id } = parseForm(targetId, fields);
        const input = parseForm(targetForm, fields);
        await updateTarget(conn, id, input, actor);
        return redirect(`${PATH}?year=${input.year}&ok=updated`);
      }, String(fields.id ?? ""));
    case "delete":
      return runIntent(intent, fields, async () => {
        const { id } = parseForm(targetId, fields);
        const before = await deleteTarget(conn, id, actor);
        return redirect(`${PATH}?year=${before.year}&ok=deleted`);
      }, String(fields.id ?? ""));
    case "alerts":
      return runIntent(intent, fields, async () => {
        const s = parseForm(alertSettingsForm, fields);
        await saveAlertSettings(conn, { ...s, minSatisfaction: s.minSatisfaction / 100, targetMargin: s.targetMargin / 100 }, actor);
        return redirect(`${PATH}?ok=alerts#canh-bao`);
      });
    case "points":
      return runIntent(intent, fields, async () => {
        await savePointsRule(conn, parseForm(pointsRuleForm, fields), actor);
        return redirect(`${PATH}?ok=points#diem-par`);
      });
    default:
      return unknownIntent(intent);
  }
}

export default function TargetsAdmin() {
  const { demo, nav, canEdit, year, years, targets, nodes, units, editing, settings, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  const formIntent = editing ? "update" : "create";
  const formFail = useFailure(formIntent, editing ? String(editing.id) : null);
  const alertsFail = useFailure("alerts");
  const pointsFail = useFailure("points");
  const d = editing ?? { year: String(year), node: "SIPAS", unit: units[0]?.value ?? "", kind: "absolute", value: "", baselineSource: "measured", baselineValue: "", pointTarget: "", note: "" };
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Chỉ tiêu và dự báo" flash={flash}
      intro={
        <p>
          Chỉ tiêu theo năm, chỉ số và phạm vi. Năm đã kết thúc được đánh giá “Đạt” hoặc “Không đạt” trên kết quả đo được, kèm ghi chú khi khoảng tin cậy 95% chứa mức chỉ tiêu.
          Năm đang diễn ra: “Đang đạt” khi cả khoảng tin cậy ở trên mức chỉ tiêu, “Đang không đạt” khi cả khoảng ở dưới, còn lại “Chưa kết luận được” kèm dự báo (giả định tỷ lệ giữ nguyên và phiếu tiếp tục đến như từ đầu năm).
          Dưới {MIN_SAMPLE} phiếu: “Chưa đủ mẫu”, không đánh giá.
          {canEdit ? null : " Bạn chỉ xem được; quản trị viên thêm và sửa chỉ tiêu."}
        </p>
      }
    >
      {failure && !["create", "update", "alerts", "points"].includes(failure.intent) ? <ErrorSummary failure={failure} /> : null}
      <div className={canEdit ? "admin-layout" : undefined}>
        <section className="admin-main" aria-labelledby="ds-chi-tieu">
          <div className="tg-head">
            <h2 id="ds-chi-tieu">Chỉ tiêu năm {year}</h2>
            <nav className="tg-years" aria-label="Chọn năm">
              {years.map((y) => <Link key={y} to={`${PATH}?year=${y}`} aria-current={y === year ? "page" : undefined}>{y}</Link>)}
            </nav>
          </div>
          {targets.length === 0 ? (
            <div className="card tg-empty" role="status" data-testid="targets-empty">
              <p><strong>Chưa có chỉ tiêu nào cho năm {year}{canEdit ? "" : " trong phạm vi của bạn"}.</strong></p>
              <p>{canEdit ? "Dùng biểu mẫu “Thêm chỉ tiêu” bên cạnh: chọn chỉ số, phạm vi và loại chỉ tiêu (ví dụ mức 85% cho Chỉ số SIPAS toàn tỉnh)." : "Khi quản trị viên nhập chỉ tiêu theo kế hoạch của tỉnh, chỉ tiêu và dự báo sẽ hiện ở đây."}</p>
            </div>
          ) : (
            <ul className="tg-list" data-testid="targets">
              {targets.map((t) => {
                const lines = t.node ? targetLines("vi", t.node, t.year) : null;
                const verdict = t.node?.verdict ?? NO_VERDICT;
                const proj = projectionText(t.projection, t.year, verdict, t.node?.value ?? null);
                const status = verdict.status;
                return (
                  <li key={t.id} className={`card tg-item is-${status}`} data-testid={`target-${t.unitCode}-${t.nodeCode}`} data-status={status} data-outlook={t.projection.outlook}>
                    <div className="tg-item-head">
                      <h3>
                        {t.node?.parCode ? <span className="dash-par">{t.node.parCode} · </span> : null}
                        {t.node?.name ?? t.nodeCode}
                        <span className="tg-scope"> — {t.unitName}</span>
                      </h3>
                      <StatusBadge lang="vi" verdict={verdict} testId={`target-${t.id}-status`} label={t.node?.pointsVerdict ? "Chỉ tiêu tỷ lệ" : undefined} />
                    </div>
                    <dl className="tg-facts">
                      <div><dt>{t.node?.pointsVerdict ? "Chỉ tiêu tỷ lệ" : "Chỉ tiêu"}</dt><dd>{lines ? <>{lines.main}{lines.threshold ? <span className="muted"> — {lines.threshold}</span> : null}</> : KIND_LABEL[t.kind]}</dd></div>
                      <div>
                        <dt>Kết quả {t.year}</dt>
                        <dd>
                          <strong className="tg-value">{formatPercent(t.node?.value ?? null)}</strong>{" "}
                          <span className="muted">{nText("vi", t.node?.n ?? 0)} · {ciText("vi", t.node?.ciLow ?? null, t.node?.ciHigh ?? null)}</span>
                        </dd>
                      </div>
                      <div className="tg-projection" data-testid={`target-${t.id}-projection`}>
                        <dt>{t.projection.outlook === "closed" ? "Đánh giá cả năm" : "Dự báo đến cuối năm"}</dt>
                        <dd><strong>{proj.title}.</strong> {proj.detail}</dd>
                      </div>
                      {t.pointTarget !== null ? (
                        <div data-testid={`target-${t.id}-points`}><dt>Chỉ tiêu điểm PAR</dt><dd>{formatDecimal(t.pointTarget, "vi")}{t.node?.maxPoints ? ` / ${formatDecimal(t.node.maxPoints, "vi")}` : ""} điểm{t.node?.points !== null && t.node?.points !== undefined ? ` (đo được ${formatDecimal(t.node.points, "vi")})` : ""}{t.node?.pointsVerdict ? <> <StatusBadge lang="vi" verdict={t.node.pointsVerdict} /></> : null}</dd></div>
                      ) : null}
                    </dl>
                    {t.note ? <details className="dash-note"><summary>Căn cứ, ghi chú</summary><p>{t.note}</p></details> : null}
                    {canEdit ? (
                      <div className="tg-actions">
                        <Link className="btn small secondary" to={`${PATH}?year=${t.year}&sua=${t.id}#bieu-mau`} aria-label={`Sửa chỉ tiêu ${t.node?.name ?? t.nodeCode} — ${t.unitName}`}>Sửa</Link>
                        <RowAction intent="delete" fields={{ id: t.id }} label="Xóa" danger ariaLabel={`Xóa chỉ tiêu ${t.node?.name ?? t.nodeCode} — ${t.unitName}`} confirm={`Xóa chỉ tiêu năm ${t.year} của “${t.node?.name ?? t.nodeCode}” (${t.unitName})?`} />
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        {canEdit && settings ? (
          <aside className="admin-aside admin-stack">
            <Form method="post" className="card admin-form" id="bieu-mau" noValidate key={editing ? `e${editing.id}` : "new"}>
              <h2>{editing ? "Sửa chỉ tiêu" : "Thêm chỉ tiêu"}</h2>
              {formFail ? <p className="error-text" role="alert" data-testid="target-form-error">{formFail.message}</p> : null}
              {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
              <TextField form="target" name="year" label="Năm" type="number" required failure={formFail} defaultValue={d.year} />
              <SelectField form="target" name="node" label="Chỉ số" required failure={formFail} defaultValue={d.node} options={nodes.map((n) => ({ value: n.value, label: n.child ? `— ${n.label}` : n.label }))} />
              <SelectField form="target" name="unit" label="Phạm vi (đơn vị hành chính)" required failure={formFail} defaultValue={d.unit} options={units} hint="Chỉ tiêu áp dụng cho đơn vị và các đơn vị trực thuộc chưa có chỉ tiêu riêng." />
              <SelectField form="target" name="kind" label="Loại chỉ tiêu" required failure={formFail} defaultValue={d.kind} options={TARGET_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))} />
              <TextField form="target" name="value" label="Giá trị (%)" failure={formFail} defaultValue={d.value} hint="Mức tuyệt đối: 85 nghĩa là 85%. Tăng điểm %: 3 nghĩa là +3 điểm %. Tăng tương đối: 3 nghĩa là +3% của mức cơ sở. Cải thiện: để trống." />
              <SelectField form="target" name="baselineSource" label="Mức cơ sở" required failure={formFail} defaultValue={d.baselineSource} options={Object.entries(BASELINE_LABEL).map(([value, label]) => ({ value, label }))} />
              <TextField form="target" name="baselineValue" label="Mức cơ sở nêu trong kế hoạch (%)" failure={formFail} defaultValue={d.baselineValue} hint="Ví dụ 81,57. Để trống khi mức cơ sở đo được năm trước." />
              <TextField form="target" name="pointTarget" label="Chỉ tiêu điểm PAR (không bắt buộc)" failure={formFail} defaultValue={d.pointTarget} hint="Ví dụ 8,5 cho tiêu chí 8.1 (tối đa 10 điểm)." />
              <TextField form="target" name="note" label="Căn cứ, ghi chú (không bắt buộc)" failure={formFail} defaultValue={d.note} maxLength={1000} />
              <div className="form-actions">
                <SubmitButton intent={formIntent} label={editing ? "Lưu chỉ tiêu" : "Thêm chỉ tiêu"} />
                {editing ? <Link className="btn secondary" to={`${PATH}?year=${year}`}>Hủy</Link> : null}
              </div>
            </Form>

            <Form method="post" className="card admin-form" id="canh-bao" noValidate>
              <h2>Ngưỡng cảnh báo</h2>
              <p className="muted">Kiểm tra mỗi phút từ số liệu tổng hợp theo ngày của từng điểm phục vụ (7 ngày gần nhất).</p>
              {alertsFail ? <p className="error-text" role="alert">{alertsFail.message}</p> : null}
              <TextField form="alerts" name="minSatisfaction" label="Cảnh báo khi hài lòng 7 ngày dưới (%)" required failure={alertsFail} defaultValue={formatDecimal(settings.alerts.minSatisfaction * 100, "vi")} />
              <TextField form="alerts" name="targetMargin" label="… hoặc thấp hơn chỉ tiêu quá (điểm %)" required failure={alertsFail} defaultValue={formatDecimal(settings.alerts.targetMargin * 100, "vi")} />
              <TextField form="alerts" name="minResponses" label="Chỉ xét khi có ít nhất (phiếu / 7 ngày)" type="number" required failure={alertsFail} defaultValue={String(settings.alerts.minResponses)} />
              <TextField form="alerts" name="silenceLookbackDays" label="Cảnh báo mất phiếu nếu trong (ngày) trước đó có phiếu" type="number" required failure={alertsFail} defaultValue={String(settings.alerts.silenceLookbackDays)} hint="Một ngày làm việc không có phiếu nào (theo lịch ngày nghỉ) thì báo." />
              <div className="form-actions"><SubmitButton intent="alerts" label="Lưu ngưỡng" /></div>
            </Form>

            <Form method="post" className="card admin-form" id="diem-par" noValidate>
              <h2>Quy đổi tỷ lệ sang điểm PAR</h2>
              {pointsFail ? <p className="error-text" role="alert">{pointsFail.message}</p> : null}
              <SelectField form="points" name="rule" label="Cách quy đổi" required failure={pointsFail} defaultValue={settings.rule.kind}
                options={[{ value: "linear", label: "Tuyến tính: điểm = điểm tối đa × tỷ lệ" }, { value: "bands", label: "Theo ngưỡng (nhập bên dưới)" }]} />
              <div className="field">
                <label htmlFor="points-bands">Ngưỡng (mỗi dòng: tỷ lệ tối thiểu → % số điểm)</label>
                <span id="points-bands-hint" className="hint">Ví dụ “90 → 100” (từ 90% được đủ điểm), “80 → 80”, “0 → 50”. Dùng khi chọn “theo ngưỡng”.</span>
                <textarea
                  id="points-bands" name="bands" rows={4} aria-describedby={`points-bands-hint${pointsFail?.fields.bands ? " points-bands-error" : ""}`}
                  aria-invalid={pointsFail?.fields.bands ? true : undefined}
                  defaultValue={pointsFail ? String(pointsFail.values.bands ?? "") : settings.rule.kind === "bands" ? settings.rule.bands.map((b) => `${formatDecimal(b.min * 100, "vi")} → ${formatDecimal(b.share * 100, "vi")}`).join("\n") : ""}
                />
                {pointsFail?.fields.bands ? <span id="points-bands-error" className="error-text">{pointsFail.fields.bands}</span> : null}
              </div>
              <div className="form-actions"><SubmitButton intent="points" label="Lưu cách quy đổi" /></div>
            </Form>
          </aside>
        ) : null}
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
