import { type Lang, formatNumber, formatPercent, formatPoints } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import type { TrendPoint } from "../../services/indices/dashboard.server";
import { ClientOnly, LazyComponent } from "./ClientOnly";
import { CiBar, barFloor } from "./CiBar";
import { rangeText } from "./format";
import { MIN_SAMPLE } from "../../domain/figure";
import { monthLabel, type TrendChartProps } from "./trend";

/** Monthly line chart (this year, last year, the target) and the quarterly table with intervals. */
export function TrendSection({ lang, year, nodeName, monthly, quarterly, threshold }: {
  lang: Lang; year: number; nodeName: string; monthly: TrendPoint[]; quarterly: TrendPoint[]; threshold: number | null;
}) {
  const any = monthly.some((p) => p.value !== null);
  const floor = barFloor([...quarterly, ...quarterly.map((q) => q.previous)].map((r) => ({ ...r, threshold })));
  return (
    <section className="dash-section" aria-labelledby="dash-trend-title" data-testid="trend">
      <h2 id="dash-trend-title" className="dash-h2">{td(lang, "trend.title", { node: nodeName })}</h2>
      {!any ? (
        <p className="card muted" role="status" data-testid="trend-empty">{td(lang, "trend.none", { year })}</p>
      ) : (
        <div className="dash-trend-grid">
          <figure className="card dash-chart dash-trend-chart">
            <figcaption>
              <h3 className="dash-h3">{td(lang, "trend.monthTitle")}</h3>
              <p className="muted dash-hint">{td(lang, "trend.hint", { year, prev: year - 1 })}</p>
            </figcaption>
            <div className="dash-chart-box trend-box" role="img" aria-label={trendAria(lang, year, monthly)}>
              <ClientOnly fallback={<p className="dash-chart-loading muted">{td(lang, "chart.loading")}</p>}>
                {() => <LazyTrendChart lang={lang} year={year} data={monthly} threshold={threshold} />}
              </ClientOnly>
            </div>
          </figure>
          <div className="card dash-quarters">
            <h3 className="dash-h3">{td(lang, "trend.quarterTitle")}</h3>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={td(lang, "trend.quarterTitle")}>
              <table className="data dash-table" data-testid="trend-quarters">
                <thead>
                  <tr>
                    <th scope="col">{td(lang, "trend.quarter")}</th>
                    <th scope="col" className="num">{year}</th>
                    <th scope="col" className="num">{td(lang, "col.n")}</th>
                    <th scope="col" className="ci-col">{td(lang, "col.ci")}</th>
                    <th scope="col" className="num">{td(lang, "trend.previous", { year: year - 1 })}</th>
                    <th scope="col" className="num">{td(lang, "trend.change")}</th>
                  </tr>
                </thead>
                <tbody>
                  {quarterly.map((q) => (
                    <tr key={q.period} data-testid="quarter-row" data-period={q.period}>
                      <th scope="row">{td(lang, "trend.quarterShort", { q: q.period })}</th>
                      <td className="num strong" data-testid="quarter-value">
                        {formatPercent(q.value, lang)}
                        {q.value !== null && q.n < MIN_SAMPLE ? <div className="dash-small-inline">{td(lang, "criteria.smallSample")}</div> : null}
                      </td>
                      <td className="num" data-testid="quarter-n">{formatNumber(q.n, lang)}</td>
                      <td className="ci-col">
                        <CiBar lang={lang} value={q.value} ciLow={q.ciLow} ciHigh={q.ciHigh} threshold={threshold} status={q.n < MIN_SAMPLE ? "small" : "no_target"} floor={floor} />
                        <div className="ci-text">{rangeText(lang, q.ciLow, q.ciHigh)}</div>
                      </td>
                      <td className="num" data-testid="quarter-previous">{formatPercent(q.previous.value, lang)}</td>
                      <td className="num">{q.value !== null && q.previous.value !== null ? formatPoints(q.value - q.previous.value, lang) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <details className="dash-month-table">
            <summary>{td(lang, "trend.month")}: {td(lang, "col.value").toLowerCase()}, n, {td(lang, "col.ci")}</summary>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={td(lang, "trend.monthTitle")}>
              <table className="data dash-table" data-testid="trend-months">
                <thead>
                  <tr>
                    <th scope="col">{td(lang, "trend.month")}</th>
                    <th scope="col" className="num">{year}</th>
                    <th scope="col" className="num">{td(lang, "col.n")}</th>
                    <th scope="col" className="num">{td(lang, "col.ci")}</th>
                    <th scope="col" className="num">{td(lang, "trend.previous", { year: year - 1 })}</th>
                    <th scope="col" className="num">n ({year - 1})</th>
                  </tr>
                </thead>
                <tbody>
                  {monthly.map((m) => (
                    <tr key={m.period} data-testid="month-row" data-period={m.period}>
                      <th scope="row">{monthLabel(lang, m.period)}</th>
                      <td className="num strong" data-testid="month-value">{formatPercent(m.value, lang)}</td>
                      <td className="num" data-testid="month-n">{formatNumber(m.n, lang)}</td>
                      <td className="num">{rangeText(lang, m.ciLow, m.ciHigh)}</td>
                      <td className="num">{formatPercent(m.previous.value, lang)}</td>
                      <td className="num">{formatNumber(m.previous.n, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </div>
      )}
    </section>
  );
}

function trendAria(lang: Lang, year: number, data: TrendPoint[]): string {
  const list = data.filter((d) => d.value !== null).map((d) => `${monthLabel(lang, d.period)} ${formatPercent(d.value, lang)} (n ${formatNumber(d.n, lang)})`).join("; ");
  return `${td(lang, "trend.aria", { year, prev: year - 1 })}: ${list}`;
}

function LazyTrendChart(props: TrendChartProps) {
  const fallback = <p className="dash-chart-loading muted">{td(props.lang, "chart.loading")}</p>;
  return <LazyComponent load={() => import("./TrendChartInner").then((m) => m.TrendChart)} fallback={fallback} props={props} />;
}
