import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber, formatPercent } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import { rangeText } from "./format";
import { monthLabel, type TrendChartProps } from "./trend";
import { MIN_SAMPLE } from "../../domain/figure";

/** A month's dot: filled when it rests on enough respondents, hollow and grey below the minimum sample. */
function sampleDot(nKey: "n" | "prevN", colour: string, r: number) {
  function SampleDot(p: { cx?: number; cy?: number; value?: number | null; index?: number; payload?: Record<string, number | null> }) {
    if (p.value === null || p.value === undefined || p.cx === undefined || p.cy === undefined) return <g key={`e${p.index}`} />;
    const small = (p.payload?.[nKey] ?? 0) < MIN_SAMPLE;
    return (
      <circle key={`d${p.index}`} cx={p.cx} cy={p.cy} r={r} fill={small ? "#ffffff" : colour} stroke={small ? "#8a949e" : colour} strokeWidth={2} data-small={small ? "true" : undefined} />
    );
  }
  return SampleDot;
}

/** recharts part of the trend (browser only): this year solid blue, last year dashed grey, target black. */
export function TrendChart({ lang, year, data, threshold }: TrendChartProps) {
  const rows = data.map((d) => ({
    label: monthLabel(lang, d.period), value: d.value, previous: d.previous.value, n: d.n, prevN: d.previous.n, ciLow: d.ciLow, ciHigh: d.ciHigh,
  }));
  const xs = rows.flatMap((r) => [r.value, r.previous]).concat(threshold).filter((x): x is number => x !== null);
  const lo = xs.length ? Math.max(0, Math.floor((Math.min(...xs) - 0.05) * 10) / 10) : 0;
  const ticks = Array.from({ length: Math.round((1 - lo) * 10) + 1 }, (_, i) => Math.round((lo + i / 10) * 10) / 10);
  const pct = (v: number) => formatPercent(v, lang, 0);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 16, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke="#e3e8eb" vertical={false} />
        <XAxis dataKey="label" interval={0} tick={{ fontSize: 12, fill: "#1b1f23" }} tickLine={false} />
        <YAxis domain={[lo, 1]} ticks={ticks} tickFormatter={pct} width={46} tick={{ fontSize: 12, fill: "#1b1f23" }} />
        <Tooltip
          content={(p) => {
            if (!p.active || !p.payload?.length) return null;
            const d = p.payload[0].payload;
            return (
              <div className="dash-tooltip">
                <strong>{d.label}</strong>
                <div>{year}: {formatPercent(d.value, lang)} (n = {formatNumber(d.n, lang)}){d.n < MIN_SAMPLE ? ` — ${td(lang, "criteria.smallSample").toLowerCase()}` : ""}</div>
                <div>{td(lang, "col.ci")}: {rangeText(lang, d.ciLow, d.ciHigh)}</div>
                <div>{year - 1}: {formatPercent(d.previous, lang)} (n = {formatNumber(d.prevN, lang)})</div>
                {threshold !== null ? <div>{td(lang, "chart.target")}: {formatPercent(threshold, lang)}</div> : null}
              </div>
            );
          }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {threshold !== null ? (
          <ReferenceLine y={threshold} stroke="#1b1f23" strokeWidth={2} ifOverflow="extendDomain"
            label={{ value: `${td(lang, "chart.target")} ${formatPercent(threshold, lang, 1)}`, position: "insideTopRight", fontSize: 11, fill: "#1b1f23" }} />
        ) : null}
        <Line type="linear" dataKey="previous" name={String(year - 1)} stroke="#55606b" strokeDasharray="6 4" strokeWidth={2} dot={sampleDot("prevN", "#55606b", 3)} connectNulls={false} isAnimationActive={false} />
        <Line type="linear" dataKey="value" name={String(year)} stroke="#0072b2" strokeWidth={3} dot={sampleDot("n", "#0072b2", 4)} connectNulls={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
