import { type Lang, formatNumber, formatPercent } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import type { ChannelFigure } from "../../services/indices/dashboard.server";
import { CiBar, barFloor } from "./CiBar";
import { channelLabel, rangeText } from "./format";
import { MIN_SAMPLE } from "../../domain/figure";

/** Kiosk, online, paper and phone follow-up side by side: never blended without saying so. */
export function ChannelTable({ lang, year, rows, current }: { lang: Lang; year: number; rows: ChannelFigure[]; current: string }) {
  const floor = barFloor(rows);
  return (
    <section className="dash-section" aria-labelledby="dash-channels-title" data-testid="channels">
      <h2 id="dash-channels-title" className="dash-h2">{td(lang, "channels.title", { year })}</h2>
      <p className="muted dash-hint">{td(lang, "channels.hint")}</p>
      <div className="dash-channel-grid">
        {rows.map((r) => (
          <div key={r.channel} className={`card dash-channel${current === r.channel ? " current" : ""}`} data-testid="channel-figure" data-channel={r.channel}>
            <h3 className="dash-h3">{channelLabel(lang, r.channel)}</h3>
            {r.value === null ? (
              <p className="muted">{td(lang, "channels.none")}</p>
            ) : (
              <>
                <div className="dash-channel-value" data-testid="channel-value">{formatPercent(r.value, lang)}</div>
                <div className="muted">{td(lang, "card.n", { n: formatNumber(r.n, lang) })} · {rangeText(lang, r.ciLow, r.ciHigh)}</div>
                <CiBar lang={lang} value={r.value} ciLow={r.ciLow} ciHigh={r.ciHigh} status={r.n < MIN_SAMPLE ? "small" : "no_target"} floor={floor} />
                {r.n < MIN_SAMPLE ? <div className="dash-small-inline">{td(lang, "criteria.smallSample")}</div> : null}
              </>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
