import { type Lang, formatDateTime } from "../../i18n/format";
import { ft, type FeedbackKey } from "../../i18n/feedback";

interface TimelineItem {
  at: string;
  kind: string;
  agency: string | null;
  reason: string | null;
  channel: string | null;
}

const KNOWN = new Set(["received", "routed", "queued", "assigned", "transferred", "answered", "published", "rated"]);

function title(e: TimelineItem, lang: Lang): string {
  if (e.kind === "transferred" && !e.agency) return ft(lang, "ev.transferredBack");
  if (!KNOWN.has(e.kind)) return ft(lang, "ev.other");
  return ft(lang, `ev.${e.kind}` as FeedbackKey, { agency: e.agency ?? "—" });
}

/** The public timeline, oldest first: what happened and when; the reason of a transfer. */
export function Timeline({ events, lang }: { events: TimelineItem[]; lang: Lang }) {
  return (
    <ol className="fb-timeline">
      {events.map((e, i) => (
        <li key={i} className={`fb-ev fb-ev-${KNOWN.has(e.kind) ? e.kind : "other"}`}>
          <span className="fb-ev-dot" aria-hidden="true" />
          <div className="fb-ev-body">
            <time dateTime={e.at} className="fb-ev-time">{formatDateTime(e.at, lang)}</time>
            <span className="fb-ev-title">{title(e, lang)}</span>
            {e.channel ? <span className="fb-ev-reason">{ft(lang, "channelVia", { channel: ft(lang, `channel.${e.channel}` as FeedbackKey) ?? e.channel })}</span> : null}
            {e.reason ? (
              <span className="fb-ev-reason">
                {e.kind === "transferred" ? <>{ft(lang, "reasonLabel")}: </> : null}
                {e.reason}
              </span>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
