import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "../i18n/format";
import { localDay } from "../domain/periods";
import { REPORT_ROUNDS, ROUND_LABEL } from "../domain/plans";
import { db } from "../platform/db.server";
import { asPage, consolidatedReport, parseRound } from "../services/plans/plan-consolidated.server";
import { hasDemoData } from "../platform/frame.server";
import { requirePermission } from "../platform/session.server";
import styles from "../styles/plan-report.css?url";
import { stylesheets } from "../components/page";

export const links = stylesheets(styles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Báo cáo ${data?.roundLabel ?? ""} — ${data?.plan.title ?? "Kế hoạch"} — Hài Lòng` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "read:plans");
  const url = new URL(request.url);
  const year = url.searchParams.get("nam");
  const r = await asPage(() => consolidatedReport(db(), params.code ?? "", year && /^\d{4}$/.test(year) ? Number(year) : null, parseRound(url.searchParams.get("ky")), localDay(new Date())));
  return json({ ...r, demo: await hasDemoData(db()) });
}

export default function ConsolidatedReport() {
  const r = useLoaderData<typeof loader>();
  const years = Array.from({ length: (r.plan.yearTo ?? r.plan.year) - r.plan.year + 1 }, (_, i) => r.plan.year + i);
  return (
    <>
      <div className="a4-tools">
        <Link to={`/ke-hoach/${r.plan.code}`}>← Về kế hoạch</Link>
        <Form method="get">
          <label>Kỳ <select name="ky" defaultValue={r.round}>{REPORT_ROUNDS.map((k) => <option key={k} value={k}>{ROUND_LABEL[k]}</option>)}</select></label>
          {years.length > 1 ? <label>Năm <select name="nam" defaultValue={String(r.year)}>{years.map((y) => <option key={y} value={y}>{y}</option>)}</select></label> : null}
          <button className="btn secondary small" type="submit">Xem</button>
        </Form>
        <a className="btn small" href={`/ke-hoach/${r.plan.code}/tong-hop.docx?ky=${r.round}&nam=${r.year}`} download>Tải bản Word (DOCX)</a>
        <button className="btn small" type="button" onClick={() => window.print()}>In (A4)</button>
      </div>
      <article className="a4" data-testid="a4-report" aria-label="Báo cáo tổng hợp">
        <div className="doc-head">
          <div>
            <p className="org">ỦY BAN NHÂN DÂN TỈNH {r.plan.province.toUpperCase()}</p>
            <p>Số: …/BC-UBND</p>
          </div>
          <div>
            <p className="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
            <p className="motto">Độc lập - Tự do - Hạnh phúc</p>
            <p className="place">{r.plan.province}, ngày … tháng … năm {r.year}</p>
          </div>
        </div>
        {r.demo ? <p className="demo-note">Dữ liệu mẫu (demo) — không phải số liệu thật của tỉnh.</p> : null}
        <h1>BÁO CÁO</h1>
        <p className="doc-sub">Kết quả thực hiện {r.plan.title}{r.plan.docNumber ? ` (số ${r.plan.docNumber}${r.plan.issuedOn ? ` ngày ${formatDate(r.plan.issuedOn)}` : ""})` : ""} — {r.roundLabel}</p>
        <p><em>Số liệu theo báo cáo của các cơ quan, đơn vị đến ngày {formatDate(r.windowEnd)}; dự thảo lập ngày {formatDate(r.today)}. {r.totals.reported}/{r.totals.tasks} nhiệm vụ đã có báo cáo.</em></p>
        <h2>I. KẾT QUẢ THỰC HIỆN THEO LĨNH VỰC</h2>
        {r.dimensions.map((d) => (
          <section key={d.code} data-dimension={d.code}>
            <h3>{d.code}. {d.name} <span style={{ fontWeight: "normal" }}>(điểm {d.scoreLabel})</span></h3>
            {d.tasks.length ? (
              <table>
                <thead><tr><th scope="col">Mã</th><th scope="col">Nhiệm vụ</th><th scope="col">Chủ trì</th><th scope="col">Tình hình thực hiện</th><th scope="col">Minh chứng</th></tr></thead>
                <tbody>
                  {d.tasks.map((t) => (
                    <tr key={t.code} data-task={t.code}>
                      <td data-label="Mã">{t.code}</td>
                      <td data-label="Nhiệm vụ">{t.title.length > 300 ? `${t.title.slice(0, 300)}…` : t.title}</td>
                      <td data-label="Chủ trì">{t.lead || "—"}</td>
                      <td data-label="Tình hình thực hiện">{t.reports.length ? t.reports.map((x, i) => <p key={i} style={{ margin: 0 }}><strong>{x.agency}</strong>: {x.status}. {x.text}</p>) : "Chưa có báo cáo."}</td>
                      <td data-label="Minh chứng">{t.reports.map((x) => x.evidence).filter(Boolean).join("; ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : <p>Không có nhiệm vụ.</p>}
          </section>
        ))}
        <h2>II. BÁO CÁO NỘP MUỘN</h2>
        {r.late.length ? <ul>{r.late.map((l, i) => <li key={i}>Nhiệm vụ {l.task}, {l.agency}, kỳ {l.period}: hạn {formatDate(l.due)}, nộp {formatDate(l.submittedOn)}.</li>)}</ul> : <p>Không có.</p>}
        <h2>III. CƠ QUAN CHƯA BÁO CÁO</h2>
        {r.levels.map((lv) => (
          <div key={lv.level} data-level={lv.level}>
            <h3>{lv.label}: {lv.agencies.length ? `${lv.agencies.length} cơ quan` : "không có"}</h3>
            {lv.agencies.length ? <ul>{lv.agencies.map((a) => <li key={a.name}>{a.name}: {a.items.slice(0, 12).join(", ")}{a.items.length > 12 ? ` và ${a.items.length - 12} kỳ khác` : ""}</li>)}</ul> : null}
          </div>
        ))}
        <h2>IV. TỔNG HỢP CỦA ĐỊA PHƯƠNG</h2>
        <p><em>UBND cấp xã (trước năm 2025: UBND cấp huyện qua Phòng Nội vụ) tổng hợp báo cáo của các cơ quan, đơn vị trên địa bàn trước khi gửi tỉnh.</em></p>
        {r.chain.length ? (
          <ul data-testid="chain">
            {r.chain.map((c) => (
              <li key={c.code} data-committee={c.code} data-state={c.submittedOn ? "done" : "missing"}>
                {c.name}: {c.submittedOn ? <>đã tổng hợp ngày {formatDate(c.submittedOn)}{c.missing ? ` (còn ${c.missing} kỳ chưa báo cáo)` : ""}{c.note ? `; ${c.note}` : ""}</> : <strong>chưa tổng hợp</strong>}.
              </li>
            ))}
          </ul>
        ) : <p>Không có địa phương phải tổng hợp.</p>}
        <div className="recipients">
          <div>
            <p><strong><em>Nơi nhận:</em></strong></p>
            <ul><li>- Bộ Nội vụ (để báo cáo);</li><li>- Thường trực Tỉnh ủy, HĐND tỉnh (để báo cáo);</li><li>- Chủ tịch, các PCT UBND tỉnh;</li><li>- Các sở, ban, ngành; UBND cấp xã;</li><li>- Lưu: VT, SNV.</li></ul>
          </div>
          <div className="sign"><p>TM. ỦY BAN NHÂN DÂN</p><p>CHỦ TỊCH</p></div>
        </div>
      </article>
    </>
  );
}
