import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Chrome } from "../components/Chrome";
import { BarChart } from "../components/exports/BarChart";
import { channelLabel, shortName } from "../components/dashboard/format";
import { formatNumber, formatPercent } from "../i18n/format";
import { db } from "../platform/db.server";
import { viDay } from "../domain/days";
import { listPublished, type PublishedFigure } from "../services/indices/published.server";
import { hasDemoData } from "../platform/frame.server";
import styles from "../styles/exports.css?url";
import { stylesheets } from "../components/page";

export const links = stylesheets(styles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.current ? `Kết quả khảo sát sự hài lòng ${data.current.label} — Hài Lòng` : "Kết quả khảo sát sự hài lòng — Hài Lòng" },
  { name: "description", content: "Kết quả đo lường sự hài lòng của người dân, tổ chức đối với cơ quan hành chính nhà nước đã được công bố." },
];

/** GET /ket-qua?ky=2024|2024-Q2 — published satisfaction figures only; no login, no personal data. */
export async function loader({ request }: LoaderFunctionArgs) {
  const conn = db();
  const [published, demo] = await Promise.all([listPublished(conn), hasDemoData(conn)]);
  const ky = new URL(request.url).searchParams.get("ky");
  const current = (ky ? published.find((p) => p.key === ky) : published[0]) ?? null;
  const periods = published.map((p) => ({ key: p.key, label: p.label }));
  if (ky && !current) return json({ demo, periods, current: null, unknown: true }, { status: 404 });
  return json({ demo, periods, current, unknown: false }, { headers: { "Cache-Control": "public, max-age=60" } });
}

const ci = (f: PublishedFigure) => (f.ciLow === null || f.ciHigh === null ? "—" : `${formatPercent(f.ciLow, "vi", 1)} – ${formatPercent(f.ciHigh, "vi", 1)}`);

function FigureTable({ rows, first, testId }: { rows: PublishedFigure[]; first: string; testId: string }) {
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead><tr><th scope="col">{first}</th><th scope="col" className="num">Tỷ lệ hài lòng</th><th scope="col" className="num">Số người trả lời</th><th scope="col" className="num">Khoảng tin cậy 95 %</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code}>
              <th scope="row">{r.name}</th>
              <td className="num" data-label="Tỷ lệ hài lòng">{r.n > 0 ? formatPercent(r.value) : "—"}</td>
              <td className="num" data-label="Số người trả lời">{formatNumber(r.n)}</td>
              <td className="num" data-label="Khoảng tin cậy 95 %">{r.n > 0 ? ci(r) : "chưa có phiếu"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function PublicResults() {
  const { demo, periods, current: c, unknown } = useLoaderData<typeof loader>();
  return (
    <Chrome citizen lang="vi" demo={demo}>
      <main className="page ket-qua">
        <h1>Kết quả khảo sát sự hài lòng</h1>
        <p className="muted">Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước trên địa bàn tỉnh, do Ủy ban nhân dân tỉnh công bố.</p>
        {periods.length > 0 ? (
          <nav aria-label="Kỳ đã công bố">
            <ul className="periods">
              {periods.map((p) => <li key={p.key}><Link to={`/ket-qua?ky=${encodeURIComponent(p.key)}`} aria-current={c?.key === p.key ? "page" : undefined}>{p.label}</Link></li>)}
            </ul>
          </nav>
        ) : null}
        {unknown ? <p className="card" role="status">Kỳ này chưa được công bố. Hãy chọn một kỳ trong danh sách.</p> : null}
        {!c && !unknown ? <p className="card" role="status" data-testid="no-results">Chưa có kết quả nào được công bố.</p> : null}
        {c ? (
          <>
            <section className="card" aria-labelledby="chung" data-testid="public-headline">
              <h2 id="chung">{c.province.name} — {c.label}</h2>
              <p className="headline">{formatPercent(c.province.value)}</p>
              {/* The figure is a share of answers (4–5 points among the answers given), not of people. */}
              <p>câu trả lời ở mức hài lòng hoặc rất hài lòng (trên tổng số câu trả lời) · {formatNumber(c.province.n)} người trả lời · khoảng tin cậy 95 %: {ci(c.province)}</p>
              <p className="muted">Từ {viDay(c.from)} đến {viDay(c.to)} · {formatNumber(c.servicePoints)} điểm phục vụ · công bố ngày {viDay(c.publishedAt.slice(0, 10))}</p>
            </section>
            <section aria-labelledby="thanh-phan">
              <h2 id="thanh-phan">Các chỉ số thành phần</h2>
              <BarChart id="kq-chart" title={`Các chỉ số thành phần, ${c.label}`} series={[{ label: c.label, color: "#0b6e4f" }]}
                rows={c.province.subIndices.map((s) => ({ label: shortName("vi", { ...s, nameEn: null }), values: [s.n > 0 ? s.value : null] }))} />
              {/* On a phone the same figures as plain bars with readable text (the chart's text would be too small). */}
              <ul className="kq-bars" aria-hidden="true">
                {c.province.subIndices.map((s) => (
                  <li key={s.code}>
                    <span className="kq-bar-label">{shortName("vi", { ...s, nameEn: null })}</span>
                    <span className="kq-bar-track"><span className="kq-bar-fill" style={{ width: `${s.n > 0 && s.value !== null ? Math.round(s.value * 100) : 0}%` }} /></span>
                    <span className="kq-bar-value">{s.n > 0 && s.value !== null ? formatPercent(s.value, "vi", 1) : "—"}</span>
                  </li>
                ))}
              </ul>
              <FigureTable rows={c.province.subIndices} first="Chỉ số" testId="public-subindices" />
            </section>
            <section aria-labelledby="don-vi">
              <h2 id="don-vi">Theo huyện, thị xã, thành phố</h2>
              <FigureTable rows={c.units} first="Đơn vị" testId="public-units" />
            </section>
            <section className="card" aria-labelledby="phuong-phap">
              <h2 id="phuong-phap">Cách tính</h2>
              <ul>
                <li>Tỷ lệ hài lòng = số câu trả lời “hài lòng” hoặc “rất hài lòng” (4–5 điểm) trên số câu có trả lời, theo bộ tiêu chí SIPAS của Bộ Nội vụ.</li>
                <li>Kênh khảo sát được tính: {c.channels.map((ch) => channelLabel("vi", ch)).join(", ")}. Phiếu không hợp lệ đã bị loại.</li>
                <li>Khoảng tin cậy 95 % (phương pháp Wilson) cho biết mức dao động do chỉ khảo sát một phần người dân; đơn vị dưới 30 người trả lời chỉ để tham khảo.</li>
                <li>Số liệu chốt tại ngày công bố; không công bố thông tin cá nhân của người trả lời.</li>
              </ul>
            </section>
          </>
        ) : null}
      </main>
    </Chrome>
  );
}
