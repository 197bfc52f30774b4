import { Link } from "@remix-run/react";
import { type Lang, formatDate, formatNumber, formatPercent } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import { CiBar, barFloor } from "./CiBar";
import { rangeText, shortName, type IndexNodeView, type UnitRowView } from "./format";
import { MIN_SAMPLE } from "../../domain/figure";

/** The children of the scope, weakest first, each name drilling into that unit. */
export function UnitTable({
  lang, rows, subIndices, scopeName, year, hrefFor, namesEn = {}, targets = {},
}: {
  /** Per unit code: the SIPAS level it must reach and its status (drawn on the interval bar). */
  targets?: Record<string, { threshold: number | null; status: string }>;
  namesEn?: Record<string, string>;
  lang: Lang;
  rows: UnitRowView[];
  subIndices: IndexNodeView[];
  scopeName: string;
  year: number;
  hrefFor: (unit: string) => string;
}) {
  // Each unit's interval against its own level to reach (from the league table of the same rollups).
  const floor = barFloor(rows.map((r) => ({ ...r, threshold: targets[r.code]?.threshold ?? null })));
  return (
    <section className="dash-section" aria-labelledby="dash-units-title">
      <h2 id="dash-units-title" className="dash-h2">{td(lang, "units.title")}</h2>
      {rows.length === 0 ? (
        <p className="card muted">{td(lang, "units.none", { unit: scopeName })}</p>
      ) : (
        <>
          <p className="muted dash-hint">{td(lang, "units.hint")}</p>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="dash-units-title">
            <table className="data dash-table" data-testid="unit-table">
              <caption className="sr-only">{td(lang, "units.caption", { unit: scopeName, year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{td(lang, "units.unit")}</th>
                  <th scope="col" className="num">SIPAS</th>
                  <th scope="col" className="num">{td(lang, "col.n")}</th>
                  <th scope="col" className="ci-col">{td(lang, "col.ci")}</th>
                  {subIndices.map((s) => (
                    <th key={s.code} scope="col" className="num">{shortName(lang, s)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.code} data-testid="unit-row" data-unit={r.code}>
                    <th scope="row">
                      <Link to={hrefFor(r.code)} data-testid={`unit-link-${r.code}`}>{lang === "en" && namesEn[r.code] ? namesEn[r.code] : r.name}</Link>
                      {r.value !== null && r.n < MIN_SAMPLE ? <div className="dash-small-inline">{td(lang, "criteria.smallSample")}</div> : null}
                      {r.validTo ? <div className="dash-small-inline" data-testid="unit-until">{td(lang, "units.until", { day: formatDate(r.validTo, lang) })}</div>
                        : r.validFrom ? <div className="dash-small-inline" data-testid="unit-from">{td(lang, "units.from", { day: formatDate(r.validFrom, lang) })}</div> : null}
                    </th>
                    <td className="num strong" data-testid="unit-sipas">{formatPercent(r.value, lang)}</td>
                    <td className="num">{formatNumber(r.n, lang)}</td>
                    <td className="ci-col">
                      <CiBar lang={lang} value={r.value} ciLow={r.ciLow} ciHigh={r.ciHigh} threshold={targets[r.code]?.threshold ?? null} status={r.value !== null && r.n < MIN_SAMPLE ? "small" : targets[r.code]?.status ?? "no_target"} floor={floor} />
                      <div className="ci-text">{rangeText(lang, r.ciLow, r.ciHigh)}</div>
                    </td>
                    {subIndices.map((s) => (
                      <td key={s.code} className="num">{formatPercent(r.subIndices[s.code] ?? null, lang)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
