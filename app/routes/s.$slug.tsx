import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Chrome, langLinks } from "../components/Chrome";
import { QuestionField } from "../components/designer/QuestionField";
import { ErrorSummary, type SummaryItem, type UnansweredItem } from "../components/ErrorSummary";
import { criterionId, errorId } from "../components/survey/ids";
import { SurveyNotice } from "../components/survey/SurveyNotice";
import { ClearDraft, draftKey, useSurveyDraft } from "../components/survey/draft";
import type { Lang } from "../i18n/format";
import { langFrom, translate } from "../i18n/messages";
import { st } from "../i18n/survey";
import { isLang, registerLocales, registeredLocales } from "../i18n/locales";
import { answerValues, readSurveyForm, surveyFieldErrors, surveyFormSchema, surveyMessages, type SurveyFormValues } from "../schemas/survey-form";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { hitRateLimit, publicLimit, retryHeaders } from "../platform/rate-limit.server";
import { clientIp } from "../platform/session.server";
import { submitResponse } from "../services/surveys/responses.server";
import { surveyForAction, surveyPage } from "../services/surveys/survey.server";
import { retryAfterHeaders } from "../platform/page-headers";
import styles from "../styles/survey.css?url";
import designerStyles from "../styles/designer.css?url";
import { stylesheets } from "../components/page";

/** A 429 from the action keeps its Retry-After on the page answer. */
export const headers = retryAfterHeaders;

export const links = stylesheets(styles, designerStyles);

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.name} · Hài Lòng` : "Hài Lòng" },
];

function notFound(slug: string): Response {
  return new Response(st("vi", "notFound", { slug }), { status: 404, statusText: "Not Found", headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** /s/<slug>?point=MC-BMT&dossier=H15.01-240617-0001 (the QR code on a dossier receipt), ?done=1 after sending. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const lang = langFrom(request);
  const slug = params.slug ?? "";
  const page = await surveyPage(db(), {
    slug,
    lang,
    point: url.searchParams.get("point"),
    dossier: url.searchParams.get("dossier"),
    done: url.searchParams.get("done") === "1",
  });
  if (!page) throw notFound(slug);
  return json(
    {
      ...page,
      lang,
      langHref: langLinks(request.url),
      // A data-file language's messages travel with the page so the browser renders the same text.
      locales: registeredLocales().filter((f) => f.code === lang),
      idempotencyKey: crypto.randomUUID(),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

type ActionData = { errors: Record<string, string>; values: SurveyFormValues };

function thanksUrl(slug: string, lang: Lang): string {
  return `/s/${encodeURIComponent(slug)}?done=1&lang=${lang}`;
}

/** A plain form post (works without JavaScript): validate, store once, then redirect (POST-redirect-GET). */
export async function action({ request, params }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const survey = await surveyForAction(db(), slug);
  if (!survey) throw notFound(slug);
  const form = await request.formData();
  const posted = String(form.get("lang") ?? "");
  const lang: Lang = isLang(posted) ? posted : langFrom(request);
  const values = readSurveyForm(form, survey.codes);
  try {
    await hitRateLimit(db(), "responses", clientIp(request), publicLimit("responses"));
  } catch (e) {
    if (e instanceof InputError) return json<ActionData>({ errors: { _: e.message }, values }, { status: e.status, headers: retryHeaders(e) });
    throw e;
  }
  const parsed = surveyFormSchema(survey.codes, lang, survey.types).safeParse(values);
  if (!parsed.success) {
    return json<ActionData>({ errors: surveyFieldErrors(parsed.error), values }, { status: 422 });
  }
  const input = parsed.data;
  try {
    await submitResponse(db(), {
      questionnaire: survey.code,
      servicePoint: input.servicePoint,
      channel: "online",
      answers: answerValues(input.answers as Record<string, string | number | undefined>, survey.types),
      idempotencyKey: input.idempotencyKey,
      dossierCode: input.dossierCode ?? null,
      procedureField: input.procedureField ?? null,
      comment: input.comment ?? null,
    });
  } catch (e) {
    if (e instanceof InputError && e.code === "already_answered") {
      // Nothing was stored: the page then says kindly that this dossier was already rated.
      const q = new URLSearchParams({ point: input.servicePoint, dossier: input.dossierCode ?? "", lang });
      return redirect(`/s/${encodeURIComponent(survey.slug)}?${q.toString()}`, 303);
    }
    if (e instanceof InputError) {
      const errors: Record<string, string> = {};
      for (const [k, msg] of Object.entries(e.fields)) {
        errors[k] = k === "servicePoint" ? surveyMessages(lang).point : msg;
      }
      if (Object.keys(errors).length === 0) errors._ = e.message;
      return json<ActionData>({ errors, values }, { status: e.status, headers: retryHeaders(e) });
    }
    console.error(e);
    return json<ActionData>({ errors: { _: st(lang, "serverError") }, values }, { status: 500 });
  }
  return redirect(thanksUrl(survey.slug, lang), 303);
}

const FIELD_IDS = ["servicePoint", "dossierCode", "procedureField"] as const;

export default function SurveyRoute() {
  const data = useLoaderData<typeof loader>();
  registerLocales(data.locales); // idempotent
  const { lang, demo, langHref } = data;
  return (
    <Chrome citizen lang={lang} demo={demo} langHref={langHref}>
      <main className="page narrow survey" lang={lang}>
        {data.view === "done" ? (
          <SurveyNotice icon="done" title={translate(lang, "survey.thanks")}>
            <ClearDraft slug={data.slug} />
            <p>{st(lang, "thanksHint")}</p>
            <p><a className="btn secondary" href={lang === "en" ? "/?lang=en" : "/"}>{st(lang, "home")}</a></p>
          </SurveyNotice>
        ) : data.view === "already" ? (
          <SurveyNotice icon="info" title={translate(lang, "survey.already")}>
            <p className="survey-dossier-chip">{st(lang, "dossierShown", { code: data.dossier })}</p>
            <p>{st(lang, "alreadyHint")}</p>
            <p><a className="btn secondary" href={`/s/${encodeURIComponent(data.slug)}?lang=${lang}`}>{st(lang, "otherDossier")}</a></p>
          </SurveyNotice>
        ) : (
          <SurveyForm />
        )}
      </main>
    </Chrome>
  );
}

function SurveyForm() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  // kiosk-field: a half-filled form is kept in the browser and restored (cleared on the thank-you page).
  const restored = useSurveyDraft("survey-form", draftKey(data.slug, data.view === "form" ? data.point?.code : null), !actionData);
  // Issue 17: an error clears as soon as its question is answered (until the next submit).
  const [fixed, setFixed] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setFixed(new Set()), [actionData]);
  if (data.view !== "form") return null;
  const { lang } = data;
  const errors = Object.fromEntries(Object.entries(actionData?.errors ?? {}).filter(([k]) => !fixed.has(k)));
  const onFormChange = (e: React.FormEvent<HTMLFormElement>) => {
    const name = (e.target as HTMLInputElement).name;
    if (name && actionData?.errors?.[name] && !fixed.has(name)) setFixed(new Set([...fixed, name]));
  };
  const values = actionData?.values;
  const answers = values?.answers ?? {};
  // designer: the progress bar counts the questions answered by a choice (number and text are optional).
  const total = data.sections.reduce((a, s) => a + s.questions.filter((q) => ["likert5", "yes_no", "choice"].includes(q.type)).length, 0);
  const sending = navigation.state === "submitting";
  const showPointSelect = !data.point || !!errors.servicePoint;
  const idempotencyKey = values?.idempotencyKey || data.idempotencyKey;

  // The error summary: the fields first, then the criteria in page order, then anything else.
  const summary: SummaryItem[] = [];
  const fieldLabel = { servicePoint: translate(lang, "survey.point"), dossierCode: translate(lang, "survey.dossier"), procedureField: translate(lang, "survey.procedureField") };
  for (const f of FIELD_IDS) if (errors[f]) summary.push({ target: f, label: fieldLabel[f], message: errors[f] });
  const unanswered: UnansweredItem[] = [];
  const requiredMsg = surveyMessages(lang).required;
  for (const s of data.sections) {
    for (const q of s.questions) {
      const msg = errors[`answers.${q.code}`];
      const short = st(lang, "questionNo", { i: q.no });
      if (msg === requiredMsg) unanswered.push({ target: criterionId(q.code), short, text: q.text });
      else if (msg) summary.push({ target: criterionId(q.code), label: `${short}. ${q.text}`, message: msg });
    }
  }
  if (errors.comment) summary.push({ target: "comment", label: translate(lang, "survey.comment"), message: errors.comment });
  const known = new Set<string>([...FIELD_IDS, "comment", ...data.sections.flatMap((s) => s.questions.map((q) => `answers.${q.code}`))]);
  for (const [k, msg] of Object.entries(errors)) {
    if (!known.has(k)) summary.push({ label: lang === "en" ? "Form" : "Phiếu", message: msg });
  }

  return (
    <>
      <p className="survey-kicker">{translate(lang, "survey.title")}</p>
      <h1 className="survey-title">{data.name}</h1>
      {data.intro ? <p className="survey-intro">{data.intro}</p> : null}

      {summary.length + unanswered.length > 0 ? (
        <ErrorSummary id="error-summary" className="survey-summary" title={st(lang, "summaryTitle")} intro={st(lang, "summaryCount", { n: summary.length + unanswered.length })}
          items={summary} unanswered={{ intro: st(lang, "unansweredList", { n: unanswered.length }), items: unanswered }} stamp={actionData} />
      ) : null}

      {restored ? <p className="field-note" role="status" data-testid="draft-restored">{lang === "en" ? "Your unfinished answers were restored." : "Đã khôi phục phần trả lời Ông/Bà làm dở lần trước."}</p> : null}
      <Form method="post" noValidate className="survey-form" id="survey-form" aria-describedby="survey-hint" onChange={onFormChange}>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <input type="hidden" name="lang" value={lang} />

        <section className="survey-card" aria-labelledby="about-title">
          <h2 id="about-title" className="section-title">{st(lang, "aboutTitle")}</h2>

          {showPointSelect ? (
            <div className={`field${errors.servicePoint ? " has-error" : ""}`}>
              <label htmlFor="servicePoint">
                {translate(lang, "survey.point")} <span className="req">({st(lang, "required")})</span>
              </label>
              {data.pointUnknown && !errors.servicePoint ? <p className="field-note warn">{st(lang, "pointUnknown", { code: data.pointUnknown })}</p> : null}
              {errors.servicePoint ? <p className="error-text" id={errorId("servicePoint")}>{errors.servicePoint}</p> : null}
              <select
                id="servicePoint"
                name="servicePoint"
                defaultValue={values?.servicePoint ?? data.point?.code ?? ""}
                aria-required="true"
                aria-invalid={errors.servicePoint ? true : undefined}
                aria-describedby={errors.servicePoint ? errorId("servicePoint") : undefined}
              >
                <option value="">{translate(lang, "survey.choosePoint")}</option>
                {(["centre", "district_desk", "commune_desk"] as const).map((kind) => {
                  const ps = data.points.filter((p) => p.kind === kind);
                  return ps.length ? (
                    <optgroup key={kind} label={st(lang, `group.${kind}`)}>
                      {ps.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
                    </optgroup>
                  ) : null;
                })}
                {data.points.some((p) => !["centre", "district_desk", "commune_desk"].includes(p.kind)) ? (
                  <optgroup label={st(lang, "group.other")}>
                    {data.points.filter((p) => !["centre", "district_desk", "commune_desk"].includes(p.kind)).map((p) => (
                      <option key={p.code} value={p.code}>{p.name}</option>
                    ))}
                  </optgroup>
                ) : null}
              </select>
            </div>
          ) : (
            <div className="field readonly-field" id="servicePoint">
              <span className="field-label">{translate(lang, "survey.point")}</span>
              <input type="hidden" name="servicePoint" value={data.point!.code} />
              <span className="readonly-value">{data.point!.name}</span>
              <span className="field-note">{st(lang, "pointFromQr")}</span>
            </div>
          )}

          <div className={`field${errors.dossierCode ? " has-error" : ""}`}>
            <label htmlFor="dossierCode">
              {translate(lang, "survey.dossier")}
              {data.dossierLocked ? null : <span className="req"> ({st(lang, "optional")})</span>}
            </label>
            {errors.dossierCode ? <p className="error-text" id={errorId("dossierCode")}>{errors.dossierCode}</p> : null}
            <input
              id="dossierCode"
              name="dossierCode"
              type="text"
              inputMode="text"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={64}
              readOnly={data.dossierLocked}
              defaultValue={values?.dossierCode ?? data.dossier}
              aria-invalid={errors.dossierCode ? true : undefined}
              aria-describedby={errors.dossierCode ? `${errorId("dossierCode")} dossierCode-hint` : "dossierCode-hint"}
            />
            <span className="field-note" id="dossierCode-hint">{st(lang, data.dossierLocked ? "dossierLocked" : "dossierHint")}</span>
          </div>

          <div className={`field${errors.procedureField ? " has-error" : ""}`}>
            <label htmlFor="procedureField">
              {translate(lang, "survey.procedureField")} <span className="req">({st(lang, "optional")})</span>
            </label>
            {errors.procedureField ? <p className="error-text" id={errorId("procedureField")}>{errors.procedureField}</p> : null}
            <select id="procedureField" name="procedureField" defaultValue={values?.procedureField ?? ""}>
              <option value="">{translate(lang, "survey.chooseField")}</option>
              {data.fields.map((f) => <option key={f.code} value={f.code}>{f.name}</option>)}
            </select>
          </div>
        </section>

        {/* designer: the 1–5 hint only when the questionnaire has 1–5 questions. */}
        <p className="survey-hint" id="survey-hint">{data.sections.some((s) => s.questions.some((q) => q.type === "likert5")) ? st(lang, "answerHint") : null}</p>

        {data.sections.map((s, i) => (
          <section key={s.code} className="survey-section" aria-labelledby={`sec-${s.code}`}>
            <h2 id={`sec-${s.code}`} className="section-title">
              <span className="section-no">{st(lang, "sectionNo", { i: i + 1, n: data.sections.length })}</span>
              {s.title}
            </h2>
            {s.questions.map((q) => (
              <QuestionField key={q.code} q={q} value={answers[q.code]} error={errors[`answers.${q.code}`]} lang={lang} />
            ))}
          </section>
        ))}

        <section className="survey-card">
          <div className={`field${errors.comment ? " has-error" : ""}`}>
            <label htmlFor="comment">{translate(lang, "survey.comment")}</label>
            {errors.comment ? <p className="error-text" id={errorId("comment")}>{errors.comment}</p> : null}
            <textarea
              id="comment"
              name="comment"
              rows={4}
              maxLength={2000}
              defaultValue={values?.comment ?? ""}
              aria-describedby={errors.comment ? `${errorId("comment")} comment-hint` : "comment-hint"}
            />
            <span className="field-note" id="comment-hint">{st(lang, "commentHint")}</span>
          </div>
        </section>

        <Progress total={total} lang={lang} />
        <div className="survey-submit">
          <button type="submit" className="btn survey-send" disabled={sending}>
            {sending ? st(lang, "sending") : translate(lang, "survey.submit")}
          </button>
          <p className="field-note">{st(lang, "anonymous")}</p>
        </div>
      </Form>
    </>
  );
}

/** A thin sticky "19/22 answered" bar; JavaScript only (without it, it would not update, so it is not shown). */
function Progress({ total, lang }: { total: number; lang: Lang }) {
  const [answered, setAnswered] = useState<number | null>(null);
  useEffect(() => {
    const form = document.querySelector<HTMLFormElement>("form.survey-form");
    if (!form) return;
    const count = () => {
      const names = new Set<string>();
      for (const el of Array.from(form.querySelectorAll<HTMLInputElement>("input.opt-input:checked"))) names.add(el.name);
      setAnswered(names.size);
    };
    count();
    const onChange = (e: Event) => {
      if ((e.target as HTMLElement).classList?.contains("opt-input")) count();
    };
    form.addEventListener("change", onChange);
    return () => form.removeEventListener("change", onChange);
  }, []);
  if (answered === null) return null;
  const pct = total ? Math.round((answered / total) * 100) : 0;
  return (
    <div className={`survey-progress${answered === total ? " complete" : ""}`}>
      <span>{st(lang, "progress", { a: answered, n: total })}</span>
      <span className="bar" aria-hidden="true"><span style={{ width: `${pct}%` }} /></span>
    </div>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
