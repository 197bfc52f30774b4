import { Link } from "@remix-run/react";
import { Fragment } from "react";
import { type Lang, formatNumber } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import type { FigureSources } from "../../services/indices/sources.server";
import { channelLabel } from "./format";

/** "Nguồn số liệu": which channels and which survey rounds the figures on screen count, with their respondents. */
export function SourcesPanel({ lang, year, sources }: { lang: Lang; year: number; sources: FigureSources }) {
  return (
    <section className="card dash-sources" aria-labelledby="dash-sources-title" data-testid="sources">
      <h2 id="dash-sources-title" className="dash-h3">{td(lang, "sources.title")}</h2>
      <p>
        {td(lang, "sources.channels", { period: td(lang, "sources.year", { year }) })}{" "}
        {sources.channels.map((c, i) => (
          <Fragment key={c.channel}>
            {i > 0 ? " · " : null}
            <span className={`dash-source-channel${c.respondents === 0 ? " muted" : ""}`} data-testid="source-channel" data-channel={c.channel} data-n={c.respondents}>
              {channelLabel(lang, c.channel)} <strong>{formatNumber(c.respondents, lang)}</strong>
            </span>
          </Fragment>
        ))}
        {sources.channels.length > 1 ? <> — {td(lang, "sources.total", { n: formatNumber(sources.respondents, lang) })}</> : null}
      </p>
      {sources.rounds.length === 0 ? (
        <p className="muted">{td(lang, "sources.noRounds")}</p>
      ) : (
        <>
          <p>{td(lang, "sources.rounds")}</p>
          <ul className="dash-sources-rounds">
            {sources.rounds.map((r) => (
              <li key={r.code} data-testid="source-round" data-round={r.code} data-n={r.respondents}>
                <Link to={`/dot-khao-sat/${encodeURIComponent(r.code)}`}>{r.name}</Link> <span className="dash-source-code">({r.code})</span>:{" "}
                {td(lang, "sources.round", { n: formatNumber(r.respondents, lang), channel: channelLabel(lang, r.channel).toLowerCase() })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
