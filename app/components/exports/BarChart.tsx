import { formatPercent } from "../../i18n/format";

interface BarSeries {
  label: string;
  color: string;
}

interface BarRow {
  label: string;
  /** One value (0…1 or null) per series. */
  values: Array<number | null>;
  target?: number | null;
}

/**
 * Grouped horizontal bars as plain server-rendered SVG with a fixed view box: it prints the same
 * on A4 as on screen and needs no JavaScript (recharts only draws after hydration).
 */
export function BarChart({ rows, series, title, id }: { rows: BarRow[]; series: BarSeries[]; title: string; id: string }) {
  const W = 680;
  const labelW = 190;
  const valueW = 56;
  const barH = 13;
  const gap = 3;
  const groupH = series.length * (barH + gap) + 12;
  const top = 28;
  const H = top + rows.length * groupH + 24;
  const plotW = W - labelW - valueW;
  const x = (v: number) => labelW + v * plotW;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby={`${id}-title`} xmlns="http://www.w3.org/2000/svg">
      <title id={`${id}-title`}>{title}</title>
      {series.map((s, i) => (
        <g key={s.label} transform={`translate(${labelW + i * 170}, 6)`}>
          <rect width="12" height="12" fill={s.color} />
          <text x="16" y="10" fontSize="11">{s.label}</text>
        </g>
      ))}
      {[0, 0.25, 0.5, 0.75, 1].map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={top - 4} y2={H - 20} stroke="#ccc" strokeWidth="1" />
          <text x={x(t)} y={H - 6} fontSize="10" textAnchor="middle">{Math.round(t * 100)} %</text>
        </g>
      ))}
      {rows.map((r, ri) => {
        const y0 = top + ri * groupH;
        return (
          <g key={r.label}>
            <text x={labelW - 8} y={y0 + groupH / 2} fontSize="11" textAnchor="end" dominantBaseline="middle">{r.label}</text>
            {r.values.map((v, si) => {
              const y = y0 + si * (barH + gap);
              return (
                <g key={si}>
                  {v === null ? (
                    <text x={labelW + 4} y={y + barH - 3} fontSize="10" fill="#555">chưa có dữ liệu</text>
                  ) : (
                    <>
                      <rect x={labelW} y={y} width={Math.max(1, v * plotW)} height={barH} fill={series[si].color} />
                      <text x={x(v) + 4} y={y + barH - 3} fontSize="10">{formatPercent(v, "vi", 1)}</text>
                    </>
                  )}
                </g>
              );
            })}
            {r.target !== null && r.target !== undefined ? (
              <line x1={x(r.target)} x2={x(r.target)} y1={y0 - 2} y2={y0 + series.length * (barH + gap)} stroke="#b00020" strokeWidth="2" strokeDasharray="4 2">
                <title>Chỉ tiêu {formatPercent(r.target, "vi", 1)}</title>
              </line>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
