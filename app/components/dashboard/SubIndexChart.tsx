import { type Lang, formatPercent } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import { verdictWord, type VerdictStatus } from "../../domain/verdict";
import { ClientOnly, LazyComponent } from "./ClientOnly";
import { axisFloor, shortName, type Datum, type IndexNodeView } from "./format";

const CHART_HEIGHT = 340;
type ChartProps = { lang: Lang; data: Datum[] };

/** The five sub-indices as bars, with their 95% interval and their target; drawn in the browser only. */
export function SubIndexChart({ lang, nodes }: { lang: Lang; nodes: IndexNodeView[] }) {
  const data: Datum[] = nodes.map((c) => ({
    code: c.code,
    label: shortName(lang, c),
    value: c.value,
    err: c.value !== null && c.ciLow !== null && c.ciHigh !== null ? [c.value - c.ciLow, c.ciHigh - c.value] : null,
    ciLow: c.ciLow,
    ciHigh: c.ciHigh,
    threshold: c.target?.threshold ?? null,
    status: c.verdict.status,
    n: c.verdict.n,
    uncertain: c.verdict.uncertain,
  }));
  const floor = axisFloor(data);
  const aria = td(lang, "chart.aria", {
    list: data
      .map((d) => `${d.label} ${formatPercent(d.value, lang)}${d.threshold !== null ? ` (${td(lang, "chart.target").toLowerCase()} ${formatPercent(d.threshold, lang)})` : ""}`)
      .join("; "),
  });
  return (
    <figure className="card dash-chart" data-testid="subindex-chart">
      <figcaption>
        <h2 className="dash-h2">{td(lang, "chart.title")}</h2>
        <ul className="dash-legend">
          <li><span className="swatch bars" aria-hidden="true" />{td(lang, "chart.legendBar")}: <LegendStatuses lang={lang} /></li>
          <li><span className="swatch target" aria-hidden="true" />{td(lang, "chart.legendTarget")}</li>
          <li><span className="swatch ci" aria-hidden="true" />{td(lang, "chart.legendCi")}</li>
          {floor > 0 ? <li className="dash-axis-note">{td(lang, "chart.axisFrom", { value: formatPercent(floor, lang, 0) })}</li> : null}
        </ul>
      </figcaption>
      <div className="dash-chart-box" style={{ height: CHART_HEIGHT }} role="img" aria-label={aria}>
        <ClientOnly fallback={<p className="dash-chart-loading muted">{td(lang, "chart.loading")}</p>}>
          {() => <LazyChart lang={lang} data={data} />}
        </ClientOnly>
      </div>
    </figure>
  );
}

/** The chart's colours, each with the statuses it stands for (app/domain/verdict.ts verdictTone). */
const LEGEND: Array<[string, VerdictStatus[]]> = [["good", ["met", "on_track"]], ["unsure", ["uncertain"]], ["bad", ["missed", "off_track"]], ["none", ["no_target", "insufficient"]]];

function LegendStatuses({ lang }: { lang: Lang }) {
  return (
    <>
      {LEGEND.map(([tone, statuses], i) => (
        <span key={tone}>
          {i > 0 ? ", " : ""}
          <span className={`swatch-dot ${tone}`} aria-hidden="true" /> {statuses.map((s) => verdictWord(s, lang === "en" ? "en" : "vi")).join(" / ")}
        </span>
      ))}
    </>
  );
}

/** Loads recharts in the browser (a separate chunk), then draws; the loading text stays until then. */
function LazyChart(props: ChartProps) {
  const fallback = <p className="dash-chart-loading muted">{td(props.lang, "chart.loading")}</p>;
  return <LazyComponent load={() => import("./SubIndexChartInner").then((m) => m.Chart)} fallback={fallback} props={props} />;
}
