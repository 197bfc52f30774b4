import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Chrome, langLinks } from "../components/Chrome";
import { FeedbackNav } from "../components/feedback-public/FeedbackNav";
import { ft } from "../i18n/feedback";
import { formatDate, formatNumber, type Lang } from "../i18n/format";
import { langFrom } from "../i18n/messages";
import { db } from "../platform/db.server";
import { publicAnswers, publicAnswersQuery } from "../services/feedback/feedback-public.server";
import { hasDemoData } from "../platform/frame.server";
import styles from "../styles/feedback.css?url";
import { stylesheets } from "../components/page";

export const links = stylesheets(styles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${ft(data?.lang ?? "vi", "publicTitle")} · Hài Lòng` }];

/** /cong-khai?q=&page=: published answers, 20 a page; never a sender's name, phone or e-mail. */
export async function loader({ request }: LoaderFunctionArgs) {
  const lang = langFrom(request);
  const url = new URL(request.url);
  const parsed = publicAnswersQuery.safeParse({ q: url.searchParams.get("q"), page: url.searchParams.get("page") || null });
  // A page address typed by hand (page=abc, q too long) falls back to the first page of what can be read.
  const query = parsed.success ? parsed.data : { q: (url.searchParams.get("q") ?? "").trim().slice(0, 200) || null, page: 1 };
  const [result, demo] = await Promise.all([publicAnswers(db(), query, lang), hasDemoData(db())]);
  return json({ lang, demo, langHref: langLinks(request.url), result });
}

function pageHref(lang: Lang, q: string | null, page: number): string {
  const p = new URLSearchParams();
  if (q) p.set("q", q);
  if (page > 1) p.set("page", String(page));
  if (lang === "en") p.set("lang", "en");
  const s = p.toString();
  return `/cong-khai${s ? `?${s}` : ""}`;
}

/** 1 … 4 5 [6] 7 8 … 20: the first, the last and two either side of the current page. */
function pageWindow(page: number, pages: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= 2) out.push(p);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

export default function PublicAnswers() {
  const { lang, demo, langHref, result } = useLoaderData<typeof loader>();
  const { q, total, page, pages, items } = result;
  const n = formatNumber(total, lang);
  return (
    <Chrome citizen lang={lang} demo={demo} langHref={langHref}>
      <main className="page narrow fb" lang={lang}>
        <FeedbackNav lang={lang} current="public" />
        <h1 className="fb-title">{ft(lang, "publicTitle")}</h1>
        <p className="fb-intro">{ft(lang, "publicIntro")}</p>

        <Form method="get" className="fb-card fb-search" role="search">
          {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
          <label htmlFor="q">{ft(lang, "searchLabel")}</label>
          <div className="fb-lookup-row">
            <input id="q" name="q" type="search" maxLength={200} defaultValue={q ?? ""} />
            <button type="submit" className="btn">{ft(lang, "searchSubmit")}</button>
          </div>
          {q ? <a className="fb-clear" href={pageHref(lang, null, 1)}>{ft(lang, "searchClear")}</a> : null}
        </Form>

        <p className="fb-count" aria-live="polite">
          {total === 0 ? null : q ? ft(lang, "resultCountQ", { n, q }) : ft(lang, "resultCount", { n })}
        </p>

        {total === 0 ? (
          <p className="fb-card fb-empty">{q ? ft(lang, "emptyQ", { q }) : ft(lang, "empty")}</p>
        ) : items.length === 0 ? (
          <p className="fb-card fb-empty">
            {ft(lang, "pageEmpty")} <a href={pageHref(lang, q, 1)}>{ft(lang, "firstPage")}</a>
          </p>
        ) : (
          <ol className="fb-answers">
            {items.map((it, i) => (
              <li key={`${page}-${i}`} className="fb-card fb-pub">
                <div className="fb-pub-head">
                  <span className="fb-chip kind">{ft(lang, `kind.${it.kind}`)}</span>
                  {it.topicName ? <span className="fb-chip topic">{it.topicName}</span> : null}
                  {it.isDemo ? <span className="fb-chip demo">{ft(lang, "demoItem")}</span> : null}
                </div>
                <dl className="fb-dl compact">
                  <div><dt>{ft(lang, "fAgency")}</dt><dd>{it.agency ?? "—"}</dd></div>
                  <div><dt>{ft(lang, "fReceived")}</dt><dd>{formatDate(it.receivedAt, lang)}</dd></div>
                  <div><dt>{ft(lang, "fAnswered")}</dt><dd>{formatDate(it.answeredAt, lang)}</dd></div>
                </dl>
                <h2 className="fb-pub-label">{ft(lang, "summaryLabel")}</h2>
                <p className="fb-pub-summary">{it.summary}</p>
                <h3 className="fb-pub-label">{it.agency ? ft(lang, "answerFrom", { agency: it.agency }) : ft(lang, "answerTitle")}</h3>
                <p className="fb-answer-text">{it.answer}</p>
                {it.photos.length ? (
                  <div className="fb-pub-photos">
                    <h3 className="fb-pub-label">{ft(lang, "photosTitle")}</h3>
                    <ul className="fb-photos-public">
                      {it.photos.map((src, j) => (
                        <li key={src}><a href={src} target="_blank" rel="noreferrer"><img src={src} alt={ft(lang, "photoAlt", { i: j + 1 })} width={160} height={120} loading="lazy" /></a></li>
                      ))}
                    </ul>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        )}

        {pages > 1 ? (
          <nav className="fb-pager" aria-label={ft(lang, "pagination")}>
            {page > 1 ? <a className="fb-pager-step" rel="prev" href={pageHref(lang, q, Math.min(page - 1, pages))}>{ft(lang, "prev")}</a> : null}
            <ul className="fb-pager-pages">
              {pageWindow(page, pages).map((p, i) =>
                p === null ? (
                  <li key={`gap-${i}`} aria-hidden="true">…</li>
                ) : (
                  <li key={p}>
                    <a href={pageHref(lang, q, p)} aria-current={p === page ? "page" : undefined} aria-label={ft(lang, "pageOf", { p, n: pages })}>{p}</a>
                  </li>
                ),
              )}
            </ul>
            {page < pages ? <a className="fb-pager-step" rel="next" href={pageHref(lang, q, page + 1)}>{ft(lang, "next")}</a> : null}
          </nav>
        ) : null}
      </main>
    </Chrome>
  );
}
