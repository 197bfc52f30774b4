import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Chrome, langLinks } from "../components/Chrome";
import { FeedbackNav } from "../components/feedback-public/FeedbackNav";
import { ft, withLang } from "../i18n/feedback";
import { langFrom } from "../i18n/messages";
import { db } from "../platform/db.server";
import { parseTrackingCode } from "../services/feedback/feedback-public.server";
import { hasDemoData } from "../platform/frame.server";
import styles from "../styles/feedback.css?url";
import { stylesheets } from "../components/page";

export const links = stylesheets(styles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${ft(data?.lang ?? "vi", "lookupTitle")} · Hài Lòng` }];

/** /tra-cuu?ma=7KQM-42XD → /tra-cuu/7KQM-42XD; a code of the wrong shape is said so here. */
export async function loader({ request }: LoaderFunctionArgs) {
  const lang = langFrom(request);
  const raw = new URL(request.url).searchParams.get("ma");
  let error: string | null = null;
  if (raw !== null) {
    const code = parseTrackingCode(raw);
    if (code) throw redirect(withLang(`/tra-cuu/${code}`, lang), 303);
    error = ft(lang, "badCode");
  }
  return json(
    { lang, demo: await hasDemoData(db()), langHref: langLinks(request.url), typed: (raw ?? "").slice(0, 40), error },
    { status: error ? 422 : 200, headers: { "Cache-Control": "no-store" } },
  );
}

export default function TrackLookup() {
  const { lang, demo, langHref, typed, error } = useLoaderData<typeof loader>();
  return (
    <Chrome citizen lang={lang} demo={demo} langHref={langHref}>
      <main className="page narrow fb" lang={lang}>
        <FeedbackNav lang={lang} current="track" />
        <h1 className="fb-title">{ft(lang, "lookupTitle")}</h1>
        <p className="fb-intro">{ft(lang, "lookupIntro")}</p>
        <Form method="get" className="fb-card fb-lookup">
          {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
          <div className={`field${error ? " has-error" : ""}`}>
            <label htmlFor="ma">{ft(lang, "codeLabel")}</label>
            {error ? <p className="error-text" id="ma-error" role="alert">{error}</p> : null}
            <div className="fb-lookup-row">
              <input
                id="ma"
                name="ma"
                type="text"
                inputMode="text"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={20}
                placeholder="7KQM-42XD"
                defaultValue={typed}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? "ma-error ma-hint" : "ma-hint"}
                className="fb-code-input"
              />
              <button type="submit" className="btn">{ft(lang, "lookupSubmit")}</button>
            </div>
            <span className="field-note" id="ma-hint">{ft(lang, "codeHint")}</span>
          </div>
        </Form>
      </main>
    </Chrome>
  );
}
