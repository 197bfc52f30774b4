import { Link } from "@remix-run/react";
import type { Lang } from "../../i18n/format";
import { formatNumber, formatPercent } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import type { LeagueRow } from "../../services/dashboard.server";
import { CiBar, barFloor } from "./CiBar";
import { MIN_SAMPLE, rangeText } from "./format";
import { StatusBadge } from "./StatusBadge";

/** Units or service points ranked on one node, weakest first, each with its interval drawn. */
export function LeagueTable({ lang, kind, title, rows, hrefFor, agencyHref }: {
  lang: Lang;
  kind: "unit" | "point";
  title: string;
  rows: LeagueRow[];
  hrefFor: (code: string) => string;
  agencyHref?: (code: string) => string;
}) {
  const id = `league-${kind}`;
  const floor = barFloor(rows);
  const name = (r: LeagueRow) => (lang === "en" && r.nameEn ? r.nameEn : r.name);
  let rank = 0;
  return (
    <section className="dash-section" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`} className="dash-h2">{title}</h2>
      {rows.length === 0 ? (
        <p className="card muted">{td(lang, "league.none")}</p>
      ) : (
        <>
          <p className="muted dash-hint">{td(lang, "league.hint")}</p>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-title`}>
            <table className="data dash-table dash-league">
              <thead>
                <tr>
                  <th scope="col" className="num">{td(lang, "league.rank")}</th>
                  <th scope="col">{td(lang, kind === "unit" ? "league.unit" : "league.point")}</th>
                  <th scope="col" className="num">{td(lang, "col.value")}</th>
                  <th scope="col" className="num">{td(lang, "col.n")}</th>
                  <th scope="col" className="ci-col">{td(lang, "col.ci")}</th>
                  <th scope="col">{td(lang, "league.status")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const small = r.value !== null && r.n < MIN_SAMPLE;
                  if (r.value !== null) rank += 1;
                  return (
                    <tr key={r.code} data-testid="league-row" data-code={r.code}>
                      <td className="num muted">{r.value === null ? "—" : formatNumber(rank, lang)}</td>
                      <th scope="row">
                        <Link to={hrefFor(r.code)} data-testid={`league-link-${r.code}`}>{name(r)}</Link>
                        {r.agency && agencyHref ? (
                          <div className="dash-sub-inline">
                            <Link to={agencyHref(r.agency.code)} data-testid={`agency-link-${r.agency.code}`}>{r.agency.name}</Link>
                          </div>
                        ) : null}
                      </th>
                      <td className="num strong">
                        <span data-testid="league-value">{formatPercent(r.value, lang)}</span>
                        {small ? <div className="dash-small-inline">{td(lang, "criteria.smallSample")}</div> : null}
                      </td>
                      <td className="num">{formatNumber(r.n, lang)}</td>
                      <td className="ci-col">
                        <CiBar lang={lang} value={r.value} ciLow={r.ciLow} ciHigh={r.ciHigh} threshold={r.threshold} status={small ? "small" : r.status} floor={floor} />
                        <div className="ci-text">{rangeText(lang, r.ciLow, r.ciHigh)}</div>
                      </td>
                      <td>
                        {small ? <span className="status small" data-testid="small-sample">{td(lang, "criteria.smallSample")}</span> : <StatusBadge lang={lang} status={r.status} />}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
