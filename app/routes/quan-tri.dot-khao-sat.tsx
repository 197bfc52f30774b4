import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, RowAction, SelectField, SubmitButton, TextField, useAnyFailure, useFailure } from "../components/forms";
import { formatNumber, formatPercent } from "../i18n/format";
import { localDay } from "../domain/periods";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { flashText } from "../domain/text";
import { parseForm, adminPost, runIntent, unknownIntent } from "../platform/forms.server";
import {
  calculate, calculatorInput, createRound, listRounds, POPULATION, questionnaireOptions, quotaUnits, readQuotaFields, roundInput, setRoundStatus,
} from "../services/rounds/rounds.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/rounds.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Đợt khảo sát — Quản trị");

const PATH = "/quan-tri/dot-khao-sat";
const FLASH: Record<string, string> = {
  created: "Đã tạo đợt {ref} (bản nháp). Hãy mở đợt khi sẵn sàng nhận phiếu.",
  open: "Đã mở đợt {ref}: điều tra viên có thể nhập phiếu.",
  closed: "Đã đóng đợt {ref}.",
};
const STATUS: Record<string, string> = { draft: "Bản nháp", open: "Đang mở", closed: "Đã đóng" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "manage:questionnaires", "admin");
  const calcRaw = {
    confidence: url.searchParams.get("confidence") ?? "0.95",
    margin: (url.searchParams.get("margin") ?? "0.05").replace(",", "."),
    allocation: url.searchParams.get("allocation") ?? "proportional",
  };
  const parsed = calculatorInput.safeParse(calcRaw);
  const calcError = parsed.success ? null : parsed.error.issues.map((i) => i.message).join(" ");
  const calc = parsed.success ? parsed.data : { confidence: 0.95, margin: 0.05, allocation: "proportional" as const };
  const [rounds, questionnaires, units] = await Promise.all([listRounds(conn), questionnaireOptions(conn), quotaUnits(conn)]);
  const today = localDay(new Date());
  return json({
    ...chrome,
    rounds,
    questionnaires,
    calc,
    calcRaw,
    calcError,
    plan: calculate(units, calc),
    populationNote: POPULATION.note,
    populationYear: POPULATION.year,
    today,
    flash: flashText(url.search, FLASH),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { fields, intent, actor } = await adminPost(request, "manage:questionnaires");
  switch (intent) {
    case "create":
      return runIntent(intent, fields, async () => {
        const quotaErrors: Record<string, string> = {};
        const quotas = readQuotaFields(fields, quotaErrors);
        if (Object.keys(quotaErrors).length) throw new InputError("invalid_input", "Chưa tạo được đợt khảo sát: xem các ô được đánh dấu.", quotaErrors, 400);
        const input = parseForm(roundInput, { ...fields, margin: String(fields.margin ?? "").replace(",", "."), quotas });
        await createRound(db(), input, actor);
        return redirect(`${PATH}?ok=created&ref=${encodeURIComponent(input.code)}`);
      });
    case "open":
    case "closed":
      return runIntent(intent, fields, async () => {
        const code = String(fields.code ?? "");
        await setRoundStatus(db(), code, intent, actor);
        return redirect(`${PATH}?ok=${intent}&ref=${encodeURIComponent(code)}`);
      }, String(fields.code ?? ""));
    default:
      return unknownIntent(intent);
  }
}

export default function RoundsAdmin() {
  const d = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  const createFail = useFailure("create");
  const year = d.today.slice(0, 4);
  return (
    <StaffFrame section="admin"
      demo={d.demo} nav={d.nav} current={PATH} title="Đợt khảo sát (khảo sát mẫu kiểu PAPI)" flash={d.flash}
      intro={<p>Một đợt khảo sát có kế hoạch chọn mẫu: cỡ mẫu theo độ tin cậy và sai số, chỉ tiêu mẫu cho từng đơn vị, điều tra viên nhập phiếu trên máy tính bảng. Khi đợt chọn “gia quyền theo dân số”, chỉ số của đợt được hậu phân tầng theo dân số từng đơn vị.</p>}
    >
      {failure && failure.intent !== "create" ? <ErrorSummary failure={failure} /> : null}
      <section aria-labelledby="ds-dot">
        <h2 id="ds-dot">Các đợt</h2>
        {d.rounds.length === 0 ? <p className="card">Chưa có đợt khảo sát nào.</p> : (
          <table className="data admin-table" data-testid="rounds">
            <thead><tr><th scope="col">Mã</th><th scope="col">Tên đợt</th><th scope="col">Thời gian</th><th scope="col">Gia quyền</th><th scope="col">Tiến độ</th><th scope="col">Trạng thái</th><th scope="col"><span className="sr-only">Thao tác</span></th></tr></thead>
            <tbody>
              {d.rounds.map((r) => (
                <tr key={r.code} data-round={r.code}>
                  <td data-label="Mã"><Link to={`/dot-khao-sat/${encodeURIComponent(r.code)}`}>{r.code}</Link></td>
                  <td data-label="Tên đợt">{r.name}<br /><span className="muted">{r.questionnaire}</span></td>
                  <td data-label="Thời gian" className="nowrap">{r.starts_on} → {r.ends_on}</td>
                  <td data-label="Gia quyền">{r.weighting === "population" ? "Theo dân số" : "Không"}</td>
                  <td data-label="Tiến độ">{formatNumber(r.done)}/{formatNumber(r.target)} phiếu</td>
                  <td data-label="Trạng thái"><span className={`badge round-${r.status}`}>{STATUS[r.status]}</span></td>
                  <td className="actions">
                    {r.status !== "open" ? <RowAction intent="open" fields={{ code: r.code }} label={r.status === "closed" ? "Mở lại" : "Mở đợt"} ariaLabel={`Mở đợt ${r.code}`} /> : null}
                    {r.status === "open" ? <RowAction intent="closed" fields={{ code: r.code }} label="Đóng đợt" danger ariaLabel={`Đóng đợt ${r.code}`} confirm={`Đóng đợt ${r.code}? Điều tra viên sẽ không nhập thêm phiếu được.`} /> : null}
                    {r.status === "open" ? <Link className="btn small secondary" to={`/dot-khao-sat/${encodeURIComponent(r.code)}/nhap`}>Nhập phiếu</Link> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="tinh-co-mau" className="card admin-form round-calc">
        <h2 id="tinh-co-mau">1. Tính cỡ mẫu</h2>
        <p className="muted">n₀ = z²·p(1−p)/e² với p = 0,5 (an toàn nhất); hiệu chỉnh tổng thể hữu hạn n = n₀/(1 + (n₀−1)/N), N = tổng dân số các đơn vị.</p>
        <Form method="get" className="round-calc-form">
          <div className="field">
            <label htmlFor="calc-confidence">Độ tin cậy</label>
            <select id="calc-confidence" name="confidence" defaultValue={String(d.calc.confidence)}>
              <option value="0.9">90 %</option><option value="0.95">95 %</option><option value="0.99">99 %</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="calc-margin">Sai số cho phép (tỷ lệ)</label>
            <input id="calc-margin" name="margin" inputMode="decimal" defaultValue={d.calcRaw.margin} aria-describedby="calc-margin-hint" />
            <span className="hint" id="calc-margin-hint">Ví dụ 0,05 = ±5 điểm phần trăm.</span>
          </div>
          <div className="field">
            <label htmlFor="calc-allocation">Phân bổ chỉ tiêu</label>
            <select id="calc-allocation" name="allocation" defaultValue={d.calc.allocation}>
              <option value="proportional">Theo tỷ lệ dân số</option><option value="equal">Chia đều các đơn vị</option>
            </select>
          </div>
          <button className="btn secondary" type="submit">Tính cỡ mẫu</button>
        </Form>
        {d.calcError ? <p className="error-text" role="alert">{d.calcError}</p> : null}
        <p className="round-calc-result" data-testid="calc-result">
          Tổng dân số N = <strong>{formatNumber(d.plan.population)}</strong>; n₀ = {formatNumber(d.plan.n0, "vi", 1)}; cỡ mẫu cần <strong>n = {formatNumber(d.plan.n)}</strong> phiếu
          (độ tin cậy {formatPercent(d.calc.confidence, "vi", 0)}, sai số ±{formatPercent(d.calc.margin, "vi", 1)}).
        </p>
      </section>

      <Form method="post" className="card admin-form round-create" noValidate aria-labelledby="tao-dot">
        <h2 id="tao-dot">2. Tạo đợt với chỉ tiêu từng đơn vị</h2>
        {createFail ? <p className="error-text" role="alert">{createFail.message}</p> : null}
        <input type="hidden" name="confidence" value={d.calc.confidence} />
        <input type="hidden" name="margin" value={d.calc.margin} />
        <input type="hidden" name="allocation" value={d.calc.allocation} />
        <div className="round-fields">
          <TextField form="round" name="code" label="Mã đợt" required upper maxLength={32} hint="Ví dụ PAPI-2026-1" failure={createFail} />
          <TextField form="round" name="name" label="Tên đợt" required maxLength={200} failure={createFail} />
          <SelectField form="round" name="questionnaire" label="Bảng hỏi" required options={d.questionnaires} failure={createFail} defaultValue={d.questionnaires[0]?.value} />
          <TextField form="round" name="startsOn" label="Từ ngày" type="date" required failure={createFail} defaultValue={d.today} />
          <TextField form="round" name="endsOn" label="Đến ngày" type="date" required failure={createFail} defaultValue={`${year}-12-31`} />
          <SelectField form="round" name="weighting" label="Gia quyền" required failure={createFail} defaultValue="population"
            options={[{ value: "population", label: "Theo dân số từng đơn vị (hậu phân tầng)" }, { value: "none", label: "Không gia quyền" }]} />
        </div>
        <p className="muted round-pop-note"><strong>Dân số {d.populationYear}:</strong> {d.populationNote}</p>
        <table className="data admin-table compact round-quota-table" data-testid="quota-table">
          <thead><tr><th scope="col">Chọn</th><th scope="col">Đơn vị</th><th scope="col">Dân số</th><th scope="col">Chỉ tiêu mẫu</th></tr></thead>
          <tbody>
            {d.plan.rows.map((r) => {
              const err = createFail?.fields[`n_${r.code}`] ?? createFail?.fields[`pop_${r.code}`];
              const val = (k: string, dflt: string) => {
                const v = createFail?.values[k];
                return typeof v === "string" ? v : dflt;
              };
              return (
                <tr key={r.code} data-unit={r.code}>
                  <td data-label="Chọn"><input type="checkbox" name={`inc_${r.code}`} value="1" defaultChecked={createFail ? createFail.values[`inc_${r.code}`] === "1" : true} aria-label={`Chọn ${r.name}`} /></td>
                  <th scope="row" data-label="Đơn vị">{r.name}{err ? <span className="error-text"> {err}</span> : null}</th>
                  <td data-label="Dân số"><input className="num" name={`pop_${r.code}`} inputMode="numeric" defaultValue={val(`pop_${r.code}`, String(r.population))} aria-label={`Dân số ${r.name}`} /></td>
                  <td data-label="Chỉ tiêu mẫu"><input className="num" name={`n_${r.code}`} inputMode="numeric" defaultValue={val(`n_${r.code}`, String(r.target))} aria-label={`Chỉ tiêu mẫu ${r.name}`} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <SubmitButton intent="create" label="Tạo đợt khảo sát" busyLabel="Đang tạo…" />
      </Form>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
