import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Chrome } from "../components/Chrome";
import { formatNumber, formatPercent } from "../i18n/format";
import { Z95 } from "../domain/scoring";
import { db } from "../platform/db.server";
import { hasDemoData } from "../platform/frame.server";
import { roundByCode, roundFigures } from "../services/rounds/rounds.server";
import { requirePermission, userCan } from "../platform/session.server";
import styles from "../styles/rounds.css?url";
import { stylesheets } from "../components/page";

export const links = stylesheets(styles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Đợt ${data.round.code} — Hài Lòng` : "Đợt khảo sát — Hài Lòng" }];

const STATUS: Record<string, string> = { draft: "Bản nháp", open: "Đang mở", closed: "Đã đóng" };
const CHANNEL_NAME: Record<string, string> = { paper: "phiếu phỏng vấn (kênh giấy)", online: "trực tuyến", kiosk: "kiosk", phone: "điện thoại" };

/** /dot-khao-sat/<code>: progress per quota and the round's figures, weighted and not, side by side. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:indices");
  const conn = db();
  const detail = await roundByCode(conn, params.code ?? "");
  if (!detail) throw new Response("Không có đợt khảo sát này.", { status: 404, statusText: "Not Found" });
  // Every quota unit must be within the reader's scope (a district leader sees a round of the district).
  for (const q of detail.quotas) await requirePermission(request, "read:indices", { unitId: q.unitId });
  const [figures, demo, canEnter] = await Promise.all([roundFigures(conn, detail), hasDemoData(conn), userCan(user, "enter:feedback")]);
  const r = detail.round;
  return json({
    demo,
    canEnter: canEnter && r.status === "open",
    round: { code: r.code, name: r.name, status: r.status, weighting: r.weighting, channel: r.channel, startsOn: r.starts_on, endsOn: r.ends_on, questionnaire: r.questionnaire_name, confidence: r.confidence, margin: r.margin },
    quotas: detail.quotas,
    totals: { done: detail.quotas.reduce((a, q) => a + q.done, 0), target: detail.quotas.reduce((a, q) => a + q.target, 0) },
    figures,
    names: Object.fromEntries(detail.quotas.map((q) => [q.code, q.name])),
  });
}

export default function RoundPage() {
  const d = useLoaderData<typeof loader>();
  const { round, figures } = d;
  const weighted = round.weighting === "population";
  const ov = figures.overall;
  return (
    <Chrome lang="vi" demo={d.demo}>
      <main className="page round-page">
        <p><Link to="/trang-can-bo">← Trang cán bộ</Link></p>
        <h1>Đợt khảo sát {round.code}: {round.name}</h1>
        <ul className="card round-facts" data-testid="round-facts" aria-label="Nguồn số liệu của trang">
          <li><strong>Đợt</strong>{round.code} · {STATUS[round.status]}</li>
          <li><strong>Bảng hỏi</strong>{round.questionnaire}</li>
          <li><strong>Thời gian</strong>{round.startsOn} → {round.endsOn}</li>
          <li><strong>Kênh</strong>{CHANNEL_NAME[round.channel] ?? round.channel}</li>
          <li><strong>Gia quyền</strong>{weighted ? "Có — hậu phân tầng theo dân số từng đơn vị" : "Không — chỉ số chưa gia quyền là số chính thức của đợt"}</li>
          <li><strong>Kế hoạch mẫu</strong>độ tin cậy {formatPercent(round.confidence, "vi", 0)}, sai số ±{formatPercent(round.margin, "vi", 1)}</li>
        </ul>
        {d.canEnter ? <p><Link className="btn" to={`/dot-khao-sat/${encodeURIComponent(round.code)}/nhap`}>Nhập phiếu phỏng vấn</Link></p> : null}

        <section aria-labelledby="tien-do" className="card">
          <h2 id="tien-do">Tiến độ theo chỉ tiêu</h2>
          <p className="muted">Số phiếu được tính vào chỉ số của đợt (phiếu bị loại không tính).</p>
          <p data-testid="round-total">Đã nhập <strong>{formatNumber(d.totals.done)}</strong>/{formatNumber(d.totals.target)} phiếu ({formatPercent(d.totals.target ? d.totals.done / d.totals.target : 0, "vi", 0)}).</p>
          <ul className="quota-list" data-testid="quota-progress">
            {d.quotas.map((q) => (
              <li key={q.code} className="quota-row" data-unit={q.code} data-done={q.done}>
                <span>{q.name} <span className="muted">({formatNumber(q.population)} dân)</span></span>
                <span className={`quota-bar${q.progress >= 1 ? " full" : ""}`} role="img" aria-label={`${q.name}: ${q.done} trên ${q.target} phiếu`}>
                  <span style={{ width: `${Math.min(100, Math.round(q.progress * 100))}%` }} />
                </span>
                <span className="quota-count">{formatNumber(q.done)}/{formatNumber(q.target)}</span>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="chi-so" className="card">
          <h2 id="chi-so">Chỉ số của đợt: chưa gia quyền và gia quyền theo dân số</h2>
          <p className="muted">Tỷ lệ hài lòng tính từ số liệu tổng hợp riêng của đợt: chỉ các phiếu phỏng vấn nhập cho đợt này. Phiếu giấy nhập ngoài đợt (dù cùng đơn vị, cùng tháng) và phiếu bị loại không được tính. “Chưa gia quyền” gộp mọi phiếu; “gia quyền” = Σ Wₕ·ȳₕ với Wₕ là tỷ trọng dân số của đơn vị{weighted ? "" : " (đợt này không dùng gia quyền; cột chỉ để so sánh)"}.</p>
          <table className="data round-figures" data-testid="round-figures">
            <thead><tr><th scope="col">Chỉ số</th><th scope="col" className="num">Chưa gia quyền</th><th scope="col" className="num">Gia quyền theo dân số</th><th scope="col" className="num">Khoảng tin cậy 95 % (gia quyền)</th><th scope="col" className="num">Số phiếu</th></tr></thead>
            <tbody>
              {figures.figures.map((f, i) => (
                <tr key={f.code} data-node={f.code}>
                  <th scope="row">{i === 0 ? <strong>{f.name}</strong> : f.name}</th>
                  <td className="num" data-label="Chưa gia quyền">{formatPercent(f.unweighted)}</td>
                  <td className="num" data-label="Gia quyền theo dân số">{formatPercent(f.weighted)}</td>
                  <td className="num" data-label="Khoảng tin cậy 95 %">{f.weighted !== null && f.se !== null ? `± ${formatPercent(Z95 * f.se)}` : "—"}</td>
                  <td className="num" data-label="Số phiếu">{formatNumber(f.n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {ov.empty.length > 0 ? (
            <p className="field-note warn" data-testid="empty-strata">
              Chưa có phiếu ở {ov.empty.length} đơn vị ({ov.empty.map((c) => d.names[c] ?? c).join(", ")}): số gia quyền chỉ đại diện cho {formatPercent(ov.coverage, "vi", 0)} dân số, tỷ trọng được chia lại trên các đơn vị đã có phiếu.
            </p>
          ) : null}
        </section>
      </main>
    </Chrome>
  );
}
