import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { BarChart } from "../components/exports/BarChart";
import { PeriodFields, Select } from "../components/exports/PeriodFields";
import { channelLabel, formatDecimal, shortName } from "../components/dashboard/format";
import { formatNumber, formatPercent } from "../i18n/format";
import { TARGET_KIND_WORDS, verdictLabel, verdictText } from "../domain/verdict";
import { viDay } from "../domain/days";
import { availableYears, defaultYear, scopeInfo } from "../services/indices/dashboard.server";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { parseYear } from "../services/indices/indices.server";
import { defaultQuarter, parseQuarter, quarterReport } from "../services/indices/reports.server";
import { hasDemoData } from "../platform/frame.server";
import { readableUnit } from "../services/org/scope.server";
import { requirePermission } from "../platform/session.server";
import { Chrome } from "../components/Chrome";
import styles from "../styles/exports.css?url";
import { stylesheets } from "../components/page";

export const links = stylesheets(styles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.report ? `Báo cáo quý ${ROMAN[data.report.quarter - 1]}/${data.report.year} — ${data.report.unit.name}` : "Báo cáo quý — Hài Lòng" },
];

const ROMAN = ["I", "II", "III", "IV"];
const QUARTERS = ROMAN.map((r, i) => ({ value: String(i + 1), label: `Quý ${r}` }));

/** GET /bao-cao/quy?unit=&year=&quarter= — a printable (A4) quarterly report; read:indices in that unit. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:indices");
  const url = new URL(request.url);
  const conn = db();
  const toPage = (e: unknown): never => {
    if (e instanceof InputError) throw new Response(e.message, { status: e.status });
    throw e;
  };
  const home = await readableUnit(user, null).catch(toPage);
  const unit = await readableUnit(user, url.searchParams.get("unit") || home.code).catch(toPage);
  const [fallbackYear, years, scope, demo] = await Promise.all([defaultYear(conn), availableYears(conn), scopeInfo(conn, unit.code, home.code), hasDemoData(conn)]);
  let year: number;
  let quarter: number;
  try {
    year = parseYear(url.searchParams.get("year"), fallbackYear);
    quarter = parseQuarter(url.searchParams.get("quarter"), defaultQuarter(year));
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return json({ demo, report: null, error: Object.values(e.fields)[0] ?? e.message, years, units: scope.options, form: { unit: unit.code, year: String(fallbackYear), period: String(defaultQuarter(fallbackYear)) } }, { status: 400 });
  }
  const report = await quarterReport(conn, unit.code, year, quarter);
  return json({ demo, report, error: null, years: years.includes(year) ? years : [...years, year].sort((a, b) => b - a), units: scope.options, form: { unit: unit.code, year: String(year), period: String(quarter) } });
}

const pct = (v: number | null) => formatPercent(v, "vi");
const diff = (a: number | null, b: number | null) => {
  if (a === null || b === null) return "—";
  const d = (a - b) * 100;
  return `${d > 0 ? "+" : d < 0 ? "−" : "±"}${formatNumber(Math.abs(d), "vi", 1)} điểm %`;
};
const ci = (lo: number | null, hi: number | null) => (lo === null || hi === null ? "—" : `${formatPercent(lo, "vi", 1)} – ${formatPercent(hi, "vi", 1)}`);

export default function QuarterReportPage() {
  const { demo, report: r, error, years, units, form } = useLoaderData<typeof loader>();
  const tools = (
    <div className="report-tools no-print">
      <p><Link to="/trang-can-bo">← Trang cán bộ</Link> · <Link to="/xuat-du-lieu">Xuất dữ liệu</Link></p>
      <Form method="get" reloadDocument aria-label="Chọn đơn vị và kỳ báo cáo">
        <Select id="bc-unit" name="unit" label="Đơn vị" value={form.unit} options={units.map((u) => ({ value: u.code, label: u.level === "province" ? u.name : `— ${u.name}` }))} />
        <PeriodFields idPrefix="bc" years={years} value={form} periods={QUARTERS} channel={false} errors={error ? { quarter: error } : {}} />
        <div className="field"><button type="submit" className="btn">Xem báo cáo</button></div>
        <div className="field"><PrintButton /></div>
      </Form>
    </div>
  );
  if (!r) {
    return (
      <Chrome lang="vi" demo={demo}>
        {tools}
        <main className="report"><div className="error-summary" role="alert"><p>{error}</p></div></main>
      </Chrome>
    );
  }
  const quarterName = `quý ${ROMAN[r.quarter - 1]} năm ${r.year}`;
  const main = r.lines[0];
  const subs = r.lines.slice(1);
  const withPoints = r.lines.some((l) => l.pointsVerdict !== null);
  const prevLabel = r.quarter === 1 ? `Quý IV/${r.year - 1}` : `Quý ${ROMAN[r.quarter - 2]}/${r.year}`;
  const fb = r.feedback.totals;
  return (
    <Chrome lang="vi" demo={demo}>
      {tools}
      <main className="report" data-testid="quarter-report">
        <header className="report-head">
          <div>
            <p>{r.unit.parentName ? `UBND ${r.unit.parentName.toUpperCase()}` : "ỦY BAN NHÂN DÂN"}</p>
            <p className="motto">{r.unit.name.toUpperCase()}</p>
            <p>Số: ……/BC-…</p>
          </div>
          <div>
            <p className="motto">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
            <p className="motto">Độc lập – Tự do – Hạnh phúc</p>
            <p><em>……, ngày …… tháng …… năm ……</em></p>
          </div>
        </header>
        <h1>Báo cáo kết quả đo lường sự hài lòng của người dân, tổ chức</h1>
        <p className="subtitle">đối với sự phục vụ của cơ quan hành chính nhà nước — {quarterName}</p>
        <p style={{ textAlign: "center" }}>Kính gửi: Sở Nội vụ.</p>

        <section className="keep">
          <h2>1. Phạm vi và phương pháp</h2>
          <p>
            Đơn vị: <strong>{r.unit.name}</strong> (gồm các đơn vị trực thuộc), {formatNumber(r.servicePoints)} điểm phục vụ. Kỳ báo cáo: {viDay(r.days.from)} – {viDay(r.days.to)}.
            {" "}Số liệu tính theo tổ chức khi đó: mỗi tháng, một điểm phục vụ được tính cho đơn vị quản lý nó vào đầu tháng.
            Kênh khảo sát: {r.channels.map((c) => channelLabel("vi", c)).join(", ")}. Chỉ số là tỷ lệ câu trả lời hài lòng hoặc rất hài lòng (4–5 điểm) trên các câu có trả lời;
            khoảng tin cậy 95 % theo phương pháp Wilson. Dưới 30 người trả lời, số liệu chỉ để tham khảo.
          </p>
        </section>

        <section>
          <h2>2. Chỉ số hài lòng (SIPAS) và các chỉ số thành phần</h2>
          <p data-testid="report-headline">
            Chỉ số hài lòng chung {quarterName}: <strong>{pct(main.value)}</strong> ({formatNumber(main.n)} người trả lời; khoảng tin cậy 95 %: {ci(main.ciLow, main.ciHigh)}).
            {main.target !== null ? <> Chỉ tiêu năm {r.year}: {pct(main.target)} — <strong>{verdictText(main.verdict)}</strong>.</> : <> {verdictText(main.verdict)}.</>}
            {main.baseline ? <> Mức cơ sở {main.baseline.source === "stated" ? "nêu trong kế hoạch" : `đo được cả năm ${r.year - 1}`}: {pct(main.baseline.value)}.</> : null}
          </p>
          <div className="table-wrap">
            <table data-testid="report-table">
              <thead>
                <tr>
                  <th>Chỉ số</th><th className="num">Giá trị</th><th className="num">n</th><th className="num">KTC 95 %</th>
                  <th className="num">{TARGET_KIND_WORDS.vi.rate}</th><th>Đánh giá</th>
                  {withPoints ? <th>{TARGET_KIND_WORDS.vi.points}: đo được / chỉ tiêu</th> : null}
                  <th className="num">{`So với ${prevLabel}`}</th><th className="num">{`So với quý ${ROMAN[r.quarter - 1]}/${r.year - 1}`}</th>
                </tr>
              </thead>
              <tbody>
                {r.lines.map((l, i) => (
                  <tr key={l.code}>
                    <td>{i === 0 ? <strong>{l.name}</strong> : l.name}</td>
                    <td className="num">{pct(l.value)}</td>
                    <td className="num">{formatNumber(l.n)}</td>
                    <td className="num">{ci(l.ciLow, l.ciHigh)}</td>
                    <td className="num">{pct(l.target)}</td>
                    <td data-testid={`report-verdict-${l.code}`}>{verdictLabel(l.verdict)}{l.verdict.uncertain ? "*" : ""}</td>
                    {withPoints ? (
                      <td data-testid={`report-points-${l.code}`}>
                        {l.pointsVerdict ? <>{formatDecimal(l.points, "vi")} / {formatDecimal(l.pointTarget, "vi")}: {verdictLabel(l.pointsVerdict)}{l.pointsVerdict.uncertain ? "*" : ""}</> : "—"}
                      </td>
                    ) : null}
                    <td className="num">{diff(l.value, l.previousQuarter)}</td>
                    <td className="num">{diff(l.value, l.lastYear)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <BarChart
            id="bc-chart"
            title={`Chỉ số hài lòng ${quarterName}, quý trước và cùng kỳ năm trước`}
            series={[{ label: `Quý ${ROMAN[r.quarter - 1]}/${r.year}`, color: "#0b6e4f" }, { label: prevLabel, color: "#7fb8a4" }, { label: `Quý ${ROMAN[r.quarter - 1]}/${r.year - 1}`, color: "#b9c4cc" }]}
            rows={[main, ...subs].map((l) => ({ label: l === main ? "SIPAS (chung)" : shortName("vi", { ...l, nameEn: null }), values: [l.value, l.previousQuarter, l.lastYear], target: l.target }))}
          />
          <p className="note">
            {r.days.to < r.madeOn
              ? "Quý đã kết thúc nên được đánh giá “Đạt” hoặc “Không đạt” trên kết quả đo được."
              : "Quý chưa kết thúc nên được đánh giá theo khoảng tin cậy 95 %: “Đang đạt”, “Đang không đạt” hoặc “Chưa kết luận được”."}
            {" "}Dưới 30 người trả lời: “Chưa đủ mẫu”, không đánh giá.
            {r.lines.some((l) => l.verdict.uncertain || l.pointsVerdict?.uncertain) ? " (*) Chưa chắc chắn về mặt thống kê: khoảng tin cậy 95 % chứa mức chỉ tiêu." : ""}
            {" "}Vạch đỏ đứt: chỉ tiêu năm. “—”: chưa có dữ liệu.
          </p>
        </section>

        <section className="keep">
          <h2>3. Các tiêu chí có mức hài lòng thấp nhất</h2>
          {r.lowest.length === 0 ? <p>Chưa có dữ liệu trong kỳ.</p> : (
            <table data-testid="report-lowest">
              <thead><tr><th>Tiêu chí</th><th>Thuộc chỉ số</th><th className="num">Hài lòng</th><th className="num">n</th><th className="num">KTC 95 %</th></tr></thead>
              <tbody>
                {r.lowest.map((q) => (
                  <tr key={q.code}><td>{q.name}</td><td>{q.parent}</td><td className="num">{pct(q.value)}</td><td className="num">{formatNumber(q.n)}</td><td className="num">{ci(q.ciLow, q.ciHigh)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        {r.children.length > 0 ? (
          <section>
            <h2>4. Kết quả theo đơn vị trực thuộc</h2>
            <table data-testid="report-units">
              <thead><tr><th>Đơn vị</th><th className="num">Chỉ số hài lòng</th><th className="num">n</th><th className="num">KTC 95 %</th></tr></thead>
              <tbody>
                {r.children.map((u) => (
                  <tr key={u.code}><td>{u.name}</td><td className="num">{pct(u.value)}</td><td className="num">{formatNumber(u.n)}</td><td className="num">{ci(u.ciLow, u.ciHigh)}</td></tr>
                ))}
              </tbody>
            </table>
            <p className="note">Xếp từ thấp đến cao; đơn vị chưa có phiếu ở cuối.</p>
          </section>
        ) : null}

        <section className="keep">
          <h2>{r.children.length > 0 ? 5 : 4}. Tiếp nhận và xử lý phản ánh, kiến nghị</h2>
          <table data-testid="report-feedback">
            <tbody>
              <tr><th>Phản ánh, kiến nghị tiếp nhận trong kỳ</th><td className="num">{formatNumber(fb.received)}</td></tr>
              <tr><th>Đã trả lời</th><td className="num">{formatNumber(fb.answered)}</td></tr>
              <tr><th>Trả lời đúng hạn</th><td className="num">{formatNumber(fb.answeredOnTime)} ({pct(fb.onTimeRate)})</td></tr>
              <tr><th>Thời gian xử lý (trung vị)</th><td className="num">{fb.medianWorkingDays === null ? "—" : `${formatNumber(fb.medianWorkingDays, "vi", 1)} ngày làm việc`}</td></tr>
              <tr><th>Đang xử lý / trong đó quá hạn (đến {viDay(r.feedback.asOf)})</th><td className="num">{formatNumber(fb.backlog)} / {formatNumber(fb.overdue)}</td></tr>
              <tr><th>Người gửi đánh giá hài lòng sau xử lý</th><td className="num">{r.feedback.ratings.count ? `${formatNumber(r.feedback.ratings.satisfied)}/${formatNumber(r.feedback.ratings.count)} (${pct(r.feedback.ratings.satisfiedShare)})` : "—"}</td></tr>
            </tbody>
          </table>
        </section>

        <div className="sign">
          <div>
            <p><strong>Nơi nhận:</strong></p>
            <p style={{ textAlign: "left", fontSize: "9.5pt" }}>- Sở Nội vụ;<br />- Lưu: VT.</p>
          </div>
          <div>
            <p><strong>THỦ TRƯỞNG CƠ QUAN</strong></p>
            <p><em>(Ký, ghi rõ họ tên, đóng dấu)</em></p>
            <div className="space" />
          </div>
        </div>
        <p className="note">Số liệu lập từ hệ thống Hài Lòng ngày {viDay(r.madeOn)}.</p>
      </main>
    </Chrome>
  );
}

function PrintButton() {
  return (
    <button type="button" className="btn secondary" onClick={() => window.print()} data-testid="print">
      In báo cáo (A4)
    </button>
  );
}
