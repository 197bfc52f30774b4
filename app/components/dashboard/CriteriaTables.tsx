import { Link } from "@remix-run/react";
import { type Lang, formatNumber, formatPercent } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import { nodeName, rangeText, type IndexNodeView } from "./format";
import { MIN_SAMPLE, weakestFirst } from "../../domain/figure";
import { StatusBadge } from "./StatusBadge";

/** One table per sub-index: its criteria, weakest first. */
export function CriteriaTables({ lang, subIndices, hrefFor }: { lang: Lang; subIndices: IndexNodeView[]; hrefFor?: (code: string) => string }) {
  return (
    <section className="dash-section" aria-labelledby="dash-criteria-title">
      <h2 id="dash-criteria-title" className="dash-h2">{td(lang, "criteria.title")}</h2>
      <p className="muted dash-hint">{td(lang, "criteria.hint")}</p>
      <div className="dash-criteria">
        {subIndices.map((s) => {
          const id = `dash-crit-${s.code}`;
          const rows = weakestFirst(s.children.filter((c) => c.kind === "question"));
          return (
            <section key={s.code} className="dash-crit-block" aria-labelledby={id} data-testid={`criteria-${s.code}`}>
              <h3 id={id} className="dash-h3">
                <span>{hrefFor ? <Link to={hrefFor(s.code)}>{nodeName(lang, s)}</Link> : nodeName(lang, s)}</span>
                <span className="dash-h3-figure">{formatPercent(s.value, lang)}</span>
                <StatusBadge lang={lang} verdict={s.verdict} />
              </h3>
              <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={id}>
                <table className="data dash-table">
                  <thead>
                    <tr>
                      <th scope="col">{td(lang, "col.criterion")}</th>
                      <th scope="col" className="num">{td(lang, "col.value")}</th>
                      <th scope="col" className="num">{td(lang, "col.n")}</th>
                      <th scope="col" className="num">{td(lang, "col.ci")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((c) => (
                      <tr key={c.code} data-testid="criterion-row" data-code={c.code}>
                        <td className="text">
                          {hrefFor ? <Link to={hrefFor(c.code)} data-testid={`criterion-link-${c.code}`}>{nodeName(lang, c)}</Link> : nodeName(lang, c)}
                          {c.value !== null && c.n < MIN_SAMPLE ? <div className="dash-small-inline">{td(lang, "criteria.smallSample")}</div> : null}
                        </td>
                        <td className="num strong">{formatPercent(c.value, lang)}</td>
                        <td className="num">{formatNumber(c.n, lang)}</td>
                        <td className="num">{rangeText(lang, c.ciLow, c.ciHigh)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          );
        })}
      </div>
    </section>
  );
}
