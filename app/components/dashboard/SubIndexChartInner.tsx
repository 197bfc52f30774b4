import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, LabelList, ReferenceDot, ResponsiveContainer, Text, Tooltip, XAxis, YAxis } from "recharts";
import { type Lang, formatPercent } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import { verdictText, verdictTone, type VerdictStatus } from "../../domain/verdict";
import { axisFloor, rangeText, type Datum } from "./format";

/**
 * The recharts part of the sub-index chart. Loaded with import() from the browser only, so that
 * recharts never runs on the server.
 */
const CHART_HEIGHT = 340;

/** Status colours from the CSS variables (Okabe–Ito), read once in the browser. */
function usePalette() {
  const [palette, setPalette] = useState({ met: "#0072b2", at_risk: "#e69f00", missed: "#d55e00", none: "#8a949e", ink: "#1b1f23" });
  useEffect(() => {
    const css = getComputedStyle(document.documentElement);
    const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    setPalette((p) => ({
      met: read("--met", p.met), at_risk: read("--at-risk", p.at_risk), missed: read("--missed", p.missed), none: read("--none", p.none), ink: read("--ink", p.ink),
    }));
  }, []);
  return palette;
}

/** True on a phone-sized screen (the chart then drops axis titles and widens the bars). */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const mq = window.matchMedia("(max-width: 640px)");
    const update = () => setNarrow(mq.matches);
    update();
    mq.addEventListener("change", update);
    return () => mq.removeEventListener("change", update);
  }, []);
  return narrow;
}

export function Chart({ lang, data }: { lang: Lang; data: Datum[] }) {
  const palette = usePalette();
  const narrow = useNarrow();
  const colour = (s: VerdictStatus) => {
    const tone = verdictTone(s);
    return tone === "good" ? palette.met : tone === "unsure" ? palette.at_risk : tone === "bad" ? palette.missed : palette.none;
  };
  const tickPct = (v: number) => formatPercent(v, lang, 0);
  const lo = axisFloor(data);
  const ticks = Array.from({ length: Math.round((1 - lo) * 10) + 1 }, (_, i) => Math.round((lo + i / 10) * 10) / 10);
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <BarChart data={data} margin={{ top: 16, right: narrow ? 4 : 8, bottom: 8, left: narrow ? 0 : 8 }} barCategoryGap={narrow ? "14%" : "28%"}>
        <CartesianGrid vertical={false} stroke="#e3e8eb" />
        <XAxis
          dataKey="label"
          interval={0}
          height={narrow ? 52 : 64}
          tickLine={false}
          tick={(props) => <WrappedTick {...props} fontSize={narrow ? 11 : 12} />}
          label={narrow ? undefined : { value: td(lang, "chart.xAxis"), position: "insideBottom", offset: 0, fill: "#55606b", fontSize: 12 }}
        />
        <YAxis
          domain={[lo, 1]}
          ticks={ticks}
          allowDataOverflow
          tickFormatter={tickPct}
          width={narrow ? 42 : 64}
          tick={{ fontSize: narrow ? 11 : 12, fill: "#1b1f23" }}
          label={narrow ? undefined : { value: td(lang, "chart.yAxis"), angle: -90, position: "insideLeft", offset: 4, fill: "#55606b", fontSize: 12, style: { textAnchor: "middle" } }}
        />
        <Tooltip cursor={{ fill: "rgba(0,0,0,0.05)" }} content={(p) => <ChartTooltip lang={lang} active={p.active} payload={p.payload} />} />
        <Bar dataKey="value" name={td(lang, "chart.value")} isAnimationActive={false} maxBarSize={96}>
          {data.map((d) => (
            <Cell key={d.code} fill={colour(d.status)} />
          ))}
          <ErrorBar dataKey="err" width={8} strokeWidth={1.5} stroke={palette.ink} direction="y" isAnimationActive={false} />
          <LabelList dataKey="value" content={(p) => <BarLabel {...p} lang={lang} fontSize={narrow ? 11 : 12} />} />
        </Bar>
        {data.map((d) =>
          d.threshold === null ? null : (
            <ReferenceDot key={d.code} x={d.label} y={d.threshold} ifOverflow="extendDomain" shape={(p) => <TargetMark cx={p.cx} cy={p.cy} colour={palette.ink} half={narrow ? 20 : 26} />} />
          ),
        )}
      </BarChart>
    </ResponsiveContainer>
  );
}

function TargetMark({ cx, cy, colour, half }: { cx?: number; cy?: number; colour: string; half: number }) {
  if (cx === undefined || cy === undefined) return <g />;
  return (
    <g className="dash-target-mark">
      <line x1={cx - half} x2={cx + half} y1={cy} y2={cy} stroke="#fff" strokeWidth={7} strokeLinecap="round" />
      <line x1={cx - half} x2={cx + half} y1={cy} y2={cy} stroke={colour} strokeWidth={4} strokeLinecap="round" />
    </g>
  );
}

function WrappedTick(props: { x?: number | string; y?: number | string; payload?: { value: string }; width?: number | string; visibleTicksCount?: number; fontSize: number }) {
  const { x = 0, y = 0, payload, width = 400, visibleTicksCount = 5, fontSize } = props;
  const band = Math.max(40, Number(width) / Math.max(1, visibleTicksCount) - 2);
  return (
    <Text x={x} y={Number(y) + 4} width={band} textAnchor="middle" verticalAnchor="start" fontSize={fontSize} fill="#1b1f23">
      {payload?.value ?? ""}
    </Text>
  );
}

function BarLabel(props: { x?: number | string; y?: number | string; width?: number | string; height?: number | string; value?: number | string | boolean | null; lang: Lang; fontSize: number }) {
  const { value, lang, fontSize } = props;
  if (value === null || value === undefined || value === "") return null;
  const x = Number(props.x), y = Number(props.y), w = Number(props.width), h = Number(props.height);
  if (!(w >= 36) || !(h > 24)) return null;
  const text = formatPercent(Number(value), lang, 1);
  const boxW = Math.min(w - 4, 58);
  const cy = y + h - 16;
  return (
    <g>
      <rect x={x + w / 2 - boxW / 2} y={cy - 10} width={boxW} height={20} rx={4} fill="#fff" opacity={0.92} />
      <text x={x + w / 2} y={cy} textAnchor="middle" dominantBaseline="central" fontSize={fontSize} fontWeight={700} fill="#1b1f23">{text}</text>
    </g>
  );
}

function ChartTooltip({ lang, active, payload }: { lang: Lang; active?: boolean; payload?: readonly { payload?: Datum }[] }) {
  if (!active || !payload?.length) return null;
  const d = payload[0].payload;
  if (!d) return null;
  return (
    <div className="dash-tooltip">
      <strong>{d.label}</strong>
      <div>{td(lang, "chart.value")}: {formatPercent(d.value, lang)}</div>
      <div>{td(lang, "col.ci")}: {rangeText(lang, d.ciLow, d.ciHigh)}</div>
      {d.threshold !== null ? <div>{td(lang, "chart.target")}: {formatPercent(d.threshold, lang)}</div> : null}
      <div><span className={`status ${d.status}`}>{verdictText(d, lang === "en" ? "en" : "vi")}</span></div>
    </div>
  );
}
