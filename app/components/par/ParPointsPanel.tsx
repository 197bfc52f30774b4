import { ciText, formatDecimal, nText } from "../dashboard/format";
import { formatPercent } from "../../i18n/format";
import type { PointsRule } from "../../domain/par-points";
import type { ParData } from "../../services/indices/par-points.server";
import { TARGET_KIND_WORDS, verdictTone } from "../../domain/verdict";
import { StatusBadge } from "../dashboard/StatusBadge";

export type { ParData, ParLine } from "../../services/indices/par-points.server";

const pts = (v: number | null) => formatDecimal(v, "vi", 2);

function ruleText(rule: PointsRule): string {
  if (rule.kind === "linear") return "Quy đổi tuyến tính: điểm = điểm tối đa × tỷ lệ hài lòng (mặc định).";
  return `Quy đổi theo ngưỡng: ${rule.bands.map((b) => `từ ${formatDecimal(b.min * 100, "vi")}% được ${formatDecimal(b.share * 100, "vi")}% số điểm`).join("; ")}; dưới ngưỡng thấp nhất: 0 điểm.`;
}


function Bar({ points, max, target }: { points: number | null; max: number | null; target: number | null }) {
  if (!max) return null;
  const w = points === null ? 0 : Math.max(0, Math.min(100, (points / max) * 100));
  const cls = points === null ? "is-none" : target !== null && points < target - 1e-9 ? "is-missed" : "";
  return (
    <div className="par-bar" aria-hidden="true">
      <div className={`par-bar-fill ${cls}`} style={{ width: `${w}%` }} />
      {target !== null ? <div className="par-bar-target" style={{ left: `calc(${Math.min(100, (target / max) * 100)}% - 1px)` }} /> : null}
    </div>
  );
}

/** PAR criterion 8.1: each sub-index's points against its maximum and point target, and the total. */
export function ParPointsPanel({ data }: { data: ParData }) {
  const tone = verdictTone(data.verdict.status);
  const totalState = tone === "good" ? " is-met" : tone === "bad" ? " is-missed" : "";
  return (
    <section aria-labelledby="par-title" data-testid="par-panel">
      <h2 id="par-title">Tiêu chí {data.parCode ?? "8.1"} — {data.scopeName}, năm {data.year}</h2>
      <div className={`card par-total${totalState}`} data-testid="par-total">
        <span>Tổng điểm</span>
        <span className="par-big">{data.total === null ? `≥ ${pts(data.partial)}` : pts(data.total)}</span>
        <span>/ {formatDecimal(data.max, "vi")} điểm</span>
        {data.target !== null ? <span>· chỉ tiêu {formatDecimal(data.target, "vi")} điểm</span> : null}
        <StatusBadge lang="vi" verdict={data.verdict} label={TARGET_KIND_WORDS.vi.points} testId="par-total-status" />
        {data.total === null ? <span className="muted">(một số chỉ số thành phần chưa có dữ liệu: tổng là mức tối thiểu đã có)</span> : null}
      </div>
      <p className="par-rule muted" data-testid="par-rule">{ruleText(data.rule)}</p>
      <p className="muted" data-testid="par-two-targets">
        Mỗi chỉ số thành phần có thể có hai chỉ tiêu khác nhau: <strong>{TARGET_KIND_WORDS.vi.rate}</strong> (mức tỷ lệ hài lòng theo kế hoạch) và <strong>{TARGET_KIND_WORDS.vi.points}</strong> (số điểm của tiêu chí {data.parCode ?? "8.1"}).
        Hai chỉ tiêu được đánh giá riêng, nên có thể một chỉ tiêu đạt và chỉ tiêu kia không.
        {data.closed ? ` Năm ${data.year} đã kết thúc: đánh giá trên kết quả đo được.` : ` Năm ${data.year} chưa kết thúc: đánh giá theo khoảng tin cậy 95%.`}
      </p>
      <table className="data par-table">
        <caption className="sr-only">Điểm từng chỉ số thành phần so với điểm tối đa và chỉ tiêu điểm</caption>
        <thead>
          <tr>
            <th scope="col">Chỉ số thành phần</th>
            <th scope="col" className="num">Tỷ lệ hài lòng</th>
            <th scope="col" className="num">Điểm / tối đa</th>
            <th scope="col">{TARGET_KIND_WORDS.vi.rate}</th>
            <th scope="col" className="num">{TARGET_KIND_WORDS.vi.points}</th>
            <th scope="col" className="par-bar-cell"><span className="sr-only">Biểu đồ</span></th>
          </tr>
        </thead>
        <tbody>
          {data.lines.map((l) => (
            <tr key={l.code} data-testid={`par-${l.code}`}>
              <th scope="row">{l.parCode ? <span className="dash-par">{l.parCode} · </span> : null}{l.name}</th>
              <td className="num" data-label="Tỷ lệ hài lòng">
                <strong>{formatPercent(l.value)}</strong>
                <br /><span className="muted">{nText("vi", l.n)} · {ciText("vi", l.ciLow, l.ciHigh)}</span>
              </td>
              <td className="num" data-label="Điểm / tối đa" data-testid={`par-${l.code}-points`}>{pts(l.points)} / {formatDecimal(l.maxPoints, "vi")}</td>
              <td data-label={TARGET_KIND_WORDS.vi.rate} data-testid={`par-${l.code}-rate`}>
                {l.rateThreshold === null ? "—" : <>≥ {formatPercent(l.rateThreshold)}<br /></>}
                <StatusBadge lang="vi" verdict={l.rateVerdict} testId={`par-${l.code}-rate-status`} />
              </td>
              <td className="num" data-label={TARGET_KIND_WORDS.vi.points} data-testid={`par-${l.code}-target`}>
                {l.pointTarget === null ? "—" : `${formatDecimal(l.pointTarget, "vi")} điểm`}
                {l.rateNeeded !== null && l.pointTarget !== null ? <><br /><span className="muted">cần tỷ lệ ≥ {formatPercent(l.rateNeeded)}</span></> : null}
                <br /><StatusBadge lang="vi" verdict={l.pointsVerdict} testId={`par-${l.code}-points-status`} />
              </td>
              <td className="par-bar-cell"><Bar points={l.points} max={l.maxPoints} target={l.pointTarget} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
