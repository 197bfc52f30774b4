import { Hotline } from "../components/feedback-public/Hotline";
import { citizenSettings } from "../services/admin/citizen-settings.server";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { Chrome, langLinks, type LangLink } from "../components/Chrome";
import { FeedbackNav } from "../components/feedback-public/FeedbackNav";
import { RatingForm } from "../components/feedback-public/RatingForm";
import { Timeline } from "../components/feedback-public/Timeline";
import { ft, withLang, type FeedbackKey } from "../i18n/feedback";
import { viDay } from "../domain/days";
import { formatDate, type Lang } from "../i18n/format";
import { langFrom, translate, type MessageKey } from "../i18n/messages";
import { db } from "../platform/db.server";
import { hitPageLimit } from "../platform/rate-limit.server";
import { clientIp } from "../platform/session.server";
import { InputError } from "../platform/errors";
import { rateItem } from "../services/feedback/feedback.server";
import { parseTrackingCode, publicTracking } from "../services/feedback/feedback-public.server";
import { hasDemoData } from "../platform/frame.server";
import styles from "../styles/feedback.css?url";
import { stylesheets } from "../components/page";

export const links = stylesheets(styles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.view.trackingCode} · ${ft(data.lang, "trackTitle")} · Hài Lòng` : `${ft("vi", "notFoundTitle")} · Hài Lòng` },
  { name: "robots", content: "noindex" },
];

async function hotlineOf() {
  const c = await citizenSettings(db());
  return { hotline: c.hotline, officeHours: c.officeHours };
}

const PRIVATE = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

/** The same 404 whether a code exists or not, and for a code of the wrong shape: nothing leaks. */
async function notFound(request: Request, lang: Lang): Promise<Response> {
  const u = new URL(request.url);
  const base = u.pathname;
  return json(
    { lang, demo: await hasDemoData(db()), langHref: langLinks(`${u.origin}${base}`), hotline: await hotlineOf() },
    { status: 404, headers: PRIVATE },
  );
}

/** /tra-cuu/<code>[?moi=1 after sending][?danh-gia=1 after rating] */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langFrom(request);
  await hitPageLimit(db(), "lookup", clientIp(request));
  const view = await publicTracking(db(), params.code ?? "");
  if (!view) throw await notFound(request, lang);
  const url = new URL(request.url);
  if (params.code !== view.trackingCode) {
    // 7kqm42xd → 7KQM-42XD: one address per item.
    throw redirect(`/tra-cuu/${view.trackingCode}${url.search}`, 301);
  }
  return json(
    {
      lang,
      demo: await hasDemoData(db()),
      langHref: langLinks(request.url),
      view,
      isNew: url.searchParams.get("moi") === "1",
      hotline: await hotlineOf(),
      justRated: url.searchParams.get("danh-gia") === "1",
    },
    { headers: PRIVATE },
  );
}

/** The sender rates the handling, once, after the answer (a plain form post). */
export async function action({ request, params }: ActionFunctionArgs) {
  await hitPageLimit(db(), "lookup", clientIp(request));
  const form = await request.formData();
  const lang: Lang = form.get("lang") === "en" ? "en" : form.get("lang") === "vi" ? "vi" : langFrom(request);
  const code = parseTrackingCode(params.code);
  if (!code) throw await notFound(request, lang);
  const rating = Number(form.get("rating"));
  try {
    await rateItem(db(), code, rating);
  } catch (e) {
    if (e instanceof InputError) {
      if (e.code === "not_found") throw await notFound(request, lang);
      const key: FeedbackKey = e.code === "already_rated" ? "rateAlready" : e.code === "invalid_state" ? "rateNotYet" : e.code === "invalid_input" ? "rateInvalid" : "rateError";
      return json({ rateError: ft(lang, key) }, { status: e.status, headers: PRIVATE });
    }
    throw e;
  }
  return redirect(withLang(`/tra-cuu/${code}?danh-gia=1`, lang), 303);
}

export default function TrackPage() {
  const { lang, demo, langHref, view, isNew, justRated, hotline } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { rateError?: string } | undefined;
  const dueText = view.dueDay ? ft(lang, view.dueFor === "forwarding" ? "expectedForward" : "expectedAnswer", { date: viDay(view.dueDay) }) : null;
  const ratedLabel = view.rating ? translate(lang, `scale.${view.rating}` as MessageKey) : null;
  const answered = !!view.answer;
  return (
    <Chrome citizen lang={lang} demo={demo} langHref={langHref}>
      <main className="page narrow fb" lang={lang}>
        <FeedbackNav lang={lang} current="track" />

        {isNew ? (
          <section className="fb-new" aria-labelledby="new-title">
            <h1 id="new-title" className="fb-new-title">
              <span className="fb-new-icon" aria-hidden="true">✓</span>
              {ft(lang, "newTitle")}
            </h1>
            <p className="fb-code-line">
              {ft(lang, "codeLead")} <strong className="fb-code" data-testid="tracking-code">{view.trackingCode}</strong>
              <span className="fb-code-keep"> — {ft(lang, "codeKeep")}</span>
            </p>
            {dueText ? <p className="fb-new-due">{dueText}</p> : null}
            <p className="fb-note">{ft(lang, "codeKeepHint")}</p>
          </section>
        ) : (
          <>
            <p className="fb-kicker">{ft(lang, "trackTitle")}</p>
            <h1 className="fb-title">
              {ft(lang, "codeLabel")} <span className="fb-code" data-testid="tracking-code">{view.trackingCode}</span>
            </h1>
          </>
        )}

        <section className="fb-card fb-facts" aria-label={ft(lang, "trackTitle")}>
          <div className="fb-status-row">
            <span className={`fb-status s-${view.status}`}>{ft(lang, `status.${view.status}` as FeedbackKey)}</span>
            {view.overdue ? <span className="fb-chip overdue">{ft(lang, "overdue")}</span> : null}
            {view.isDemo ? <span className="fb-chip demo">{ft(lang, "demoItem")}</span> : null}
          </div>
          <dl className="fb-dl">
            <div><dt>{ft(lang, "fKind")}</dt><dd>{ft(lang, `kind.${view.kind}`)}</dd></div>
            <div><dt>{ft(lang, "fAgency")}</dt><dd>{view.agency ?? ft(lang, "fAgencyNone")}</dd></div>
            <div><dt>{ft(lang, "fReceived")}</dt><dd>{formatDate(view.receivedAt, lang)}</dd></div>
            {view.dueDay ? (
              <div><dt>{ft(lang, view.dueFor === "forwarding" ? "fDueForward" : "fDue")}</dt><dd>{viDay(view.dueDay)}</dd></div>
            ) : null}
            {view.answeredAt ? <div><dt>{ft(lang, "fAnswered")}</dt><dd>{formatDate(view.answeredAt, lang)}</dd></div> : null}
          </dl>
        </section>

        {answered ? (
          <section className="fb-card fb-answer" aria-labelledby="answer-title">
            <h2 id="answer-title">{view.agency ? ft(lang, "answerFrom", { agency: view.agency }) : ft(lang, "answerTitle")}</h2>
            <p className="fb-answer-text">{view.answer}</p>
            {view.photos.length ? (
              <div className="fb-pub-photos">
                <h3 className="fb-pub-label">{ft(lang, "photosTitle")}</h3>
                <ul className="fb-photos-public">
                  {view.photos.map((src, j) => (
                    <li key={src}><a href={src} target="_blank" rel="noreferrer"><img src={src} alt={ft(lang, "photoAlt", { i: j + 1 })} width={160} height={120} loading="lazy" /></a></li>
                  ))}
                </ul>
              </div>
            ) : null}
          </section>
        ) : (
          <p className="fb-card fb-waiting">{ft(lang, "noAnswerYet")}</p>
        )}

        {actionData?.rateError && !view.canRate && !view.rating ? <p className="error-text" role="alert">{actionData.rateError}</p> : null}
        {view.canRate ? <RatingForm lang={lang} error={actionData?.rateError} /> : null}
        {view.rating ? (
          <section className="fb-card fb-thanks" role={justRated ? "status" : undefined}>
            <p className="fb-thanks-title">{ft(lang, "rateThanks")}</p>
            <p>{ft(lang, "ratedAs", { label: ratedLabel ?? "", n: view.rating })}</p>
            {actionData?.rateError ? <p className="fb-note">{actionData.rateError}</p> : null}
          </section>
        ) : null}

        <section className="fb-card fb-own" aria-labelledby="own-title">
          <h2 id="own-title">{ft(lang, "yourText")}</h2>
          <p className="fb-own-text">{view.text}</p>
        </section>

        <section className="fb-card" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{ft(lang, "timeline")}</h2>
          <Timeline events={view.events} lang={lang} />
        </section>

        <p className="fb-links">
          <a href={withLang("/tra-cuu", lang)}>{ft(lang, "lookupOther")}</a>
          {" · "}
          <a href={withLang("/phan-anh", lang)}>{ft(lang, "navSend")}</a>
        </p>
        <Hotline lang={lang} {...hotline} />
      </main>
    </Chrome>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = isRouteErrorResponse(error) && error.data && typeof error.data === "object" ? (error.data as { lang?: Lang; demo?: boolean; langHref?: LangLink[] }) : {};
  const lang: Lang = data.lang === "en" ? "en" : "vi";
  const is404 = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Chrome citizen lang={lang} demo={!!data.demo} langHref={data.langHref}>
      <main className="page narrow fb" lang={lang}>
        <FeedbackNav lang={lang} current="track" />
        <h1 className="fb-title">{is404 ? ft(lang, "notFoundTitle") : lang === "en" ? "Something went wrong" : "Có lỗi xảy ra"}</h1>
        <p className="fb-intro">{is404 ? ft(lang, "notFound") : ft(lang, "serverError")}</p>
        <Form method="get" action="/tra-cuu" className="fb-card fb-lookup">
          {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
          <div className="field">
            <label htmlFor="ma">{ft(lang, "codeLabel")}</label>
            <div className="fb-lookup-row">
              <input id="ma" name="ma" type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={20} placeholder="7KQM-42XD" className="fb-code-input" aria-describedby="ma-hint" />
              <button type="submit" className="btn">{ft(lang, "lookupSubmit")}</button>
            </div>
            <span className="field-note" id="ma-hint">{ft(lang, "codeHint")}</span>
          </div>
        </Form>
      </main>
    </Chrome>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
