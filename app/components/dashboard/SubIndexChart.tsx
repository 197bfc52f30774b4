import { type Lang, formatPercent } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import { translate, type MessageKey } from "../../i18n/messages";
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
    status: c.status,
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

function LegendStatuses({ lang }: { lang: Lang }) {
  return (
    <>
      {(["met", "at_risk", "missed", "no_target"] as const).map((s, i) => (
        <span key={s}>
          {i > 0 ? ", " : ""}
          <span className={`swatch-dot ${s}`} aria-hidden="true" /> {translate(lang, `status.${s}` as MessageKey)}
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
