import { Link } from "@remix-run/react";
import { type Lang, formatNumber } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import type { LeagueRow } from "../../services/indices/dashboard.server";
import { barFloor } from "./CiBar";
import { FigureCells, FigureHeads } from "./FigureCells";

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
  // A row's rank counts the rows with a value down to it.
  const ranks: number[] = [];
  let rank = 0;
  for (const r of rows) ranks.push(r.value !== null ? ++rank : rank);
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
                  <FigureHeads lang={lang} />
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => {
                  return (
                    <tr key={r.code} data-testid="league-row" data-code={r.code}>
                      <td className="num muted">{r.value === null ? "—" : formatNumber(ranks[i], lang)}</td>
                      <th scope="row">
                        <Link to={hrefFor(r.code)} data-testid={`league-link-${r.code}`}>{name(r)}</Link>
                        {r.agency && agencyHref ? (
                          <div className="dash-sub-inline">
                            <Link to={agencyHref(r.agency.code)} data-testid={`agency-link-${r.agency.code}`}>{r.agency.name}</Link>
                          </div>
                        ) : null}
                      </th>
                      <FigureCells lang={lang} figure={r} floor={floor} valueTestId="league-value" smallTestId="small-sample" />
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
