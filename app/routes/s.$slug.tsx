import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Chrome, langLinks } from "../components/Chrome";
import { QuestionField } from "../components/designer/QuestionField";
import { ErrorSummary, type SummaryItem, type UnansweredItem } from "../components/ErrorSummary";
import { criterionId, errorId } from "../components/survey/ids";
import { SurveyNotice } from "../components/survey/SurveyNotice";
import { ClearDraft, draftKey, saveDraft, useSurveyDraft } from "../components/survey/draft";
import { applyScreens, screensOf } from "../domain/screening";
import type { FieldQuestion } from "../domain/question-types";
import type { Lang } from "../i18n/format";
import { langFrom, translate } from "../i18n/messages";
import { st } from "../i18n/survey";
import { isLang, registerLocales, registeredLocales } from "../i18n/locales";
import { NOT_APPLICABLE, answerValues, readSurveyForm, surveyFieldErrors, surveyFormSchema, surveyMessages, type SurveyFormValues } from "../schemas/survey-form";
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

type ActionData = { errors: Record<string, string>; values: SurveyFormValues; step: number };

function thanksUrl(slug: string, lang: Lang): string {
  return `/s/${encodeURIComponent(slug)}?done=1&lang=${lang}`;
}

const FIELD_IDS = ["servicePoint", "dossierCode", "procedureField"] as const;

/** The error keys each screen (step) of the paged form owns: step 0 also has the dossier fields, the last the comment. */
function stepKeysOf(sectionsCodes: string[][], screens: ReturnType<typeof screensOf>): Array<Set<string>> {
  const steps = sectionsCodes.map((codes) => new Set(codes.map((c) => `answers.${c}`)));
  if (steps.length === 0) steps.push(new Set());
  for (const f of FIELD_IDS) steps[0].add(f);
  steps[steps.length - 1].add("comment");
  for (const sc of screens) {
    const i = Math.max(0, sectionsCodes.findIndex((codes) => codes.includes(sc.codes[0])));
    steps[i].add(`screen.${sc.key}`);
  }
  return steps;
}

/**
 * A plain form post (works without JavaScript). Issue 17: the form is paged, one section per screen.
 * "Tiếp tục"/"Quay lại" (intent next/back) post the whole form — the other sections stay in the page
 * as hidden sections, so their answers travel with every post — and only move the step; "Gửi"
 * validates everything, stores once, then redirects (POST-redirect-GET).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const survey = await surveyForAction(db(), slug);
  if (!survey) throw notFound(slug);
  const form = await request.formData();
  const posted = String(form.get("lang") ?? "");
  const lang: Lang = isLang(posted) ? posted : langFrom(request);
  const values = readSurveyForm(form, survey.codes);
  const screens = screensOf(survey.codes.map((code) => ({ code, spec: survey.types[code]?.spec ?? {} })));
  const said: Record<string, boolean | undefined> = {};
  for (const sc of screens) {
    const v = form.get(`screen.${sc.key}`);
    if (v === "1" || v === "0") (values.screens ??= {})[sc.key] = v;
    said[sc.key] = v === "1" ? true : v === "0" ? false : undefined;
  }
  const steps = stepKeysOf(survey.sections, screens);
  const last = steps.length - 1;
  const stepRaw = Number(form.get("step"));
  const step = Number.isInteger(stepRaw) ? Math.min(Math.max(stepRaw, 0), last) : 0;
  const intent = String(form.get("intent") ?? "send");
  if (intent === "back") return json<ActionData>({ errors: {}, values, step: Math.max(0, step - 1) });
  // Every send counts against the address's limit (valid or not); paging with "Tiếp tục" does not.
  if (intent !== "next") {
    try {
      await hitRateLimit(db(), "responses", clientIp(request), publicLimit("responses"));
    } catch (e) {
      if (e instanceof InputError) return json<ActionData>({ errors: { _: e.message }, values, step }, { status: e.status, headers: retryHeaders(e) });
      throw e;
    }
  }

  // A "no" to a screening question: its criteria are "không áp dụng" (stored as such, not counted).
  const checked: SurveyFormValues = { ...values, answers: { ...values.answers } };
  for (const [c, v] of Object.entries(applyScreens(values.answers, screens, said))) {
    if (v === null) checked.answers[c] = NOT_APPLICABLE;
  }
  const parsed = surveyFormSchema(survey.codes, lang, survey.types).safeParse(checked);
  const errors = parsed.success ? {} : surveyFieldErrors(parsed.error);
  for (const sc of screens) {
    // Not answered, and some of its criteria are not answered either: ask the screening question.
    if (said[sc.key] === undefined && sc.codes.some((c) => errors[`answers.${c}`])) {
      errors[`screen.${sc.key}`] = st(lang, "screenRequired");
      for (const c of sc.codes) delete errors[`answers.${c}`];
    }
  }
  const ofStep = (i: number) => Object.fromEntries(Object.entries(errors).filter(([k]) => steps[i].has(k) || !steps.some((ks) => ks.has(k))));
  if (intent === "next") {
    const mine = ofStep(step);
    if (Object.keys(mine).length > 0) return json<ActionData>({ errors: mine, values, step }, { status: 422 });
    return json<ActionData>({ errors: {}, values, step: Math.min(step + 1, last) });
  }
  if (!parsed.success || Object.keys(errors).length > 0) {
    // The first screen with something to fix, and only its errors (the others are hidden screens).
    const first = steps.findIndex((_, i) => Object.keys(ofStep(i)).length > 0);
    const at = first < 0 ? step : first;
    return json<ActionData>({ errors: ofStep(at), values, step: at }, { status: 422 });
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
      const errs: Record<string, string> = {};
      for (const [k, msg] of Object.entries(e.fields)) {
        errs[k] = k === "servicePoint" ? surveyMessages(lang).point : msg;
      }
      if (Object.keys(errs).length === 0) errs._ = e.message;
      const first = steps.findIndex((ks) => Object.keys(errs).some((k) => ks.has(k)));
      return json<ActionData>({ errors: errs, values, step: first < 0 ? step : first }, { status: e.status, headers: retryHeaders(e) });
    }
    console.error(e);
    return json<ActionData>({ errors: { _: st(lang, "serverError") }, values, step }, { status: 500 });
  }
  return redirect(thanksUrl(survey.slug, lang), 303);
}

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
  const formData = data.view === "form" ? data : null;
  // Issue 17: the draft is kept per survey, service point and receipt (dossier), restored after a reload or a closed tab.
  const key = draftKey(data.slug, formData?.point?.code, formData?.dossier);
  const restored = useSurveyDraft("survey-form", key, !actionData);
  const sectionCount = formData?.sections.length ?? 1;
  const last = Math.max(0, sectionCount - 1);
  const [step, setStep] = useState(actionData?.step ?? 0);
  // Errors found in the browser before moving on (JavaScript only).
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  // Issue 17: an error clears as soon as its question is answered (until the next submit).
  const [fixed, setFixed] = useState<ReadonlySet<string>>(new Set());
  // The screening answers, so JavaScript knows which criteria are skipped.
  const [said, setSaid] = useState<Record<string, string>>(actionData?.values.screens ?? {});
  const top = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    setFixed(new Set());
    if (actionData) setStep(actionData.step);
  }, [actionData]);
  useEffect(() => {
    if (restored && typeof restored.step === "string") setStep(Math.min(Math.max(Number(restored.step) || 0, 0), last));
    if (restored) setSaid(Object.fromEntries(Object.entries(restored).filter(([k]) => k.startsWith("screen.")).map(([k, v]) => [k.slice(7), v])));
  }, [restored, last]);
  // Every move keeps the step in the draft and brings the new section's heading into view.
  useEffect(() => {
    saveDraft("survey-form", key);
    if (!moved.current) return;
    top.current?.scrollIntoView({ block: "start" });
    document.getElementById(`sec-${formData?.sections[step]?.code}`)?.focus({ preventScroll: true });
  }, [step, key, formData]);
  if (!formData) return null;
  const { lang } = formData;
  const screens = screensOf(formData.sections.flatMap((s) => s.questions.map((q) => ({ code: q.code, spec: { screen: q.screen ? { key: q.screen.key, text: q.screen.text } : undefined } }))));
  const errors = { ...Object.fromEntries(Object.entries(actionData?.errors ?? {}).filter(([k]) => !fixed.has(k))), ...clientErrors };
  const onFormChange = (e: React.FormEvent<HTMLFormElement>) => {
    const name = (e.target as HTMLInputElement).name;
    if (name?.startsWith("screen.")) setSaid({ ...said, [name.slice(7)]: (e.target as HTMLInputElement).value });
    if (name && actionData?.errors?.[name] && !fixed.has(name)) setFixed(new Set([...fixed, name]));
    if (name && clientErrors[name]) {
      const { [name]: _gone, ...rest } = clientErrors;
      setClientErrors(rest);
    }
  };
  const values = actionData?.values;
  const answers = values?.answers ?? {};
  const screenValues = values?.screens ?? {};
  // designer: the progress bar counts the questions answered by a choice (number and text are optional).
  const total = formData.sections.reduce((a, s) => a + s.questions.filter((q) => ["likert5", "yes_no", "choice"].includes(q.type)).length, 0);
  const sending = navigation.state === "submitting";
  const showPointSelect = !formData.point || !!errors.servicePoint;
  // A restored draft brings its key: a form re-sent after an unseen success is stored once.
  const idempotencyKey = values?.idempotencyKey || restored?.idempotencyKey || formData.idempotencyKey;
  const skipped = new Set(screens.filter((sc) => said[sc.key] === "0").flatMap((sc) => sc.codes));

  /** JavaScript paging: the current section is checked in the browser before moving on (the server checks again on send). */
  const goNext = (e: React.MouseEvent<HTMLButtonElement>) => {
    const form = e.currentTarget.form;
    if (!form) return;
    e.preventDefault();
    const found: Record<string, string> = {};
    const picked = (name: string) => !!form.querySelector(`input[name="${CSS.escape(name)}"]:checked`);
    if (step === 0) {
      const sel = form.querySelector<HTMLSelectElement>("select#servicePoint");
      if (sel && !sel.value) found.servicePoint = surveyMessages(lang).point;
    }
    for (const sc of screens) {
      if (!formData.sections[step]?.questions.some((q) => q.code === sc.codes[0])) continue;
      if (!picked(`screen.${sc.key}`)) found[`screen.${sc.key}`] = st(lang, "screenRequired");
    }
    for (const q of formData.sections[step]?.questions ?? []) {
      if (skipped.has(q.code) || !["likert5", "yes_no", "choice"].includes(q.type)) continue;
      if (q.screen && found[`screen.${q.screen.key}`]) continue;
      if (!picked(`answers.${q.code}`)) found[`answers.${q.code}`] = q.type === "likert5" ? surveyMessages(lang).required : lang === "en" ? "Please choose an answer." : "Vui lòng chọn một câu trả lời.";
    }
    setClientErrors(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => document.getElementById("error-summary")?.focus());
      return;
    }
    moved.current = true;
    setStep(Math.min(step + 1, last));
  };
  const goBack = (e: React.MouseEvent<HTMLButtonElement>) => {
    e.preventDefault();
    setClientErrors({});
    moved.current = true;
    setStep(Math.max(step - 1, 0));
  };

  // The error summary: the fields first, then the criteria in page order, then anything else.
  const summary: SummaryItem[] = [];
  const fieldLabel = { servicePoint: translate(lang, "survey.point"), dossierCode: translate(lang, "survey.dossier"), procedureField: translate(lang, "survey.procedureField") };
  for (const f of FIELD_IDS) if (errors[f]) summary.push({ target: f, label: fieldLabel[f], message: errors[f] });
  const unanswered: UnansweredItem[] = [];
  const requiredMsg = surveyMessages(lang).required;
  for (const s of formData.sections) {
    for (const sc of screens) {
      if (s.questions.some((q) => q.code === sc.codes[0]) && errors[`screen.${sc.key}`]) summary.push({ target: `screen-${sc.key}`, label: lang === "en" ? sc.textEn ?? sc.text : sc.text, message: errors[`screen.${sc.key}`] });
    }
    for (const q of s.questions) {
      const msg = errors[`answers.${q.code}`];
      const short = st(lang, "questionNo", { i: q.no });
      if (msg === requiredMsg) unanswered.push({ target: criterionId(q.code), short, text: q.text });
      else if (msg) summary.push({ target: criterionId(q.code), label: `${short}. ${q.text}`, message: msg });
    }
  }
  if (errors.comment) summary.push({ target: "comment", label: translate(lang, "survey.comment"), message: errors.comment });
  const known = new Set<string>([...FIELD_IDS, "comment", ...screens.map((sc) => `screen.${sc.key}`), ...formData.sections.flatMap((s) => s.questions.map((q) => `answers.${q.code}`))]);
  for (const [k, msg] of Object.entries(errors)) {
    if (!known.has(k)) summary.push({ label: lang === "en" ? "Form" : "Phiếu", message: msg });
  }

  const screenOf = (q: FieldQuestion) => (q.screen ? screens.find((sc) => sc.key === q.screen!.key) : undefined);

  return (
    <>
      <div ref={top} />
      <p className="survey-kicker">{translate(lang, "survey.title")}</p>
      <h1 className="survey-title">{formData.name}</h1>
      {formData.intro && step === 0 ? <p className="survey-intro">{formData.intro}</p> : null}
      <div className="survey-steps" data-testid="survey-steps">
        <span>{st(lang, "stepOf", { i: step + 1, n: sectionCount })}</span>
        <span className="bar" aria-hidden="true"><span style={{ width: `${Math.round(((step + 1) / sectionCount) * 100)}%` }} /></span>
      </div>

      {summary.length + unanswered.length > 0 ? (
        <ErrorSummary id="error-summary" className="survey-summary" title={st(lang, "summaryTitle")} intro={st(lang, "summaryCount", { n: summary.length + unanswered.length })}
          items={summary} unanswered={{ intro: st(lang, "unansweredList", { n: unanswered.length }), items: unanswered }} stamp={actionData ?? (Object.keys(clientErrors).length ? clientErrors : undefined)} />
      ) : null}

      {restored ? <p className="field-note" role="status" data-testid="draft-restored">{lang === "en" ? "Your unfinished answers were restored." : "Đã khôi phục phần trả lời Ông/Bà làm dở lần trước."}</p> : null}
      <Form method="post" noValidate className="survey-form" id="survey-form" aria-describedby="survey-hint" onChange={onFormChange}>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="step" value={step} />

        <section className="survey-card" aria-labelledby="about-title" hidden={step !== 0}>
          <h2 id="about-title" className="section-title">{st(lang, "aboutTitle")}</h2>

          {showPointSelect ? (
            <div className={`field${errors.servicePoint ? " has-error" : ""}`}>
              <label htmlFor="servicePoint">
                {translate(lang, "survey.point")} <span className="req">({st(lang, "required")})</span>
              </label>
              {formData.pointUnknown && !errors.servicePoint ? <p className="field-note warn">{st(lang, "pointUnknown", { code: formData.pointUnknown })}</p> : null}
              {errors.servicePoint ? <p className="error-text" id={errorId("servicePoint")}>{errors.servicePoint}</p> : null}
              <select
                id="servicePoint"
                name="servicePoint"
                defaultValue={values?.servicePoint ?? formData.point?.code ?? ""}
                aria-required="true"
                aria-invalid={errors.servicePoint ? true : undefined}
                aria-describedby={errors.servicePoint ? errorId("servicePoint") : undefined}
              >
                <option value="">{translate(lang, "survey.choosePoint")}</option>
                {(["centre", "district_desk", "commune_desk"] as const).map((kind) => {
                  const ps = formData.points.filter((p) => p.kind === kind);
                  return ps.length ? (
                    <optgroup key={kind} label={st(lang, `group.${kind}`)}>
                      {ps.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
                    </optgroup>
                  ) : null;
                })}
                {formData.points.some((p) => !["centre", "district_desk", "commune_desk"].includes(p.kind)) ? (
                  <optgroup label={st(lang, "group.other")}>
                    {formData.points.filter((p) => !["centre", "district_desk", "commune_desk"].includes(p.kind)).map((p) => (
                      <option key={p.code} value={p.code}>{p.name}</option>
                    ))}
                  </optgroup>
                ) : null}
              </select>
            </div>
          ) : (
            <div className="field readonly-field" id="servicePoint">
              <span className="field-label">{translate(lang, "survey.point")}</span>
              <input type="hidden" name="servicePoint" value={formData.point!.code} />
              <span className="readonly-value">{formData.point!.name}</span>
              <span className="field-note">{st(lang, "pointFromQr")}</span>
            </div>
          )}

          <div className={`field${errors.dossierCode ? " has-error" : ""}`}>
            <label htmlFor="dossierCode">
              {translate(lang, "survey.dossier")}
              {formData.dossierLocked ? null : <span className="req"> ({st(lang, "optional")})</span>}
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
              readOnly={formData.dossierLocked}
              defaultValue={values?.dossierCode ?? formData.dossier}
              aria-invalid={errors.dossierCode ? true : undefined}
              aria-describedby={errors.dossierCode ? `${errorId("dossierCode")} dossierCode-hint` : "dossierCode-hint"}
            />
            <span className="field-note" id="dossierCode-hint">{st(lang, formData.dossierLocked ? "dossierLocked" : "dossierHint")}</span>
          </div>

          <div className={`field${errors.procedureField ? " has-error" : ""}`}>
            <label htmlFor="procedureField">
              {translate(lang, "survey.procedureField")} <span className="req">({st(lang, "optional")})</span>
            </label>
            {errors.procedureField ? <p className="error-text" id={errorId("procedureField")}>{errors.procedureField}</p> : null}
            <select id="procedureField" name="procedureField" defaultValue={values?.procedureField ?? ""}>
              <option value="">{translate(lang, "survey.chooseField")}</option>
              {formData.fields.map((f) => <option key={f.code} value={f.code}>{f.name}</option>)}
            </select>
          </div>
        </section>

        {/* designer: the 1–5 hint only when the questionnaire has 1–5 questions. */}
        <p className="survey-hint" id="survey-hint" hidden={step !== 0}>{formData.sections.some((s) => s.questions.some((q) => q.type === "likert5")) ? st(lang, "answerHint") : null}</p>

        {formData.sections.map((s, i) => (
          <section key={s.code} className="survey-section" aria-labelledby={`sec-${s.code}`} hidden={i !== step} data-step={i}>
            <h2 id={`sec-${s.code}`} className="section-title" tabIndex={-1}>
              <span className="section-no">{st(lang, "sectionNo", { i: i + 1, n: formData.sections.length })}</span>
              {s.title}
            </h2>
            {s.questions.map((q) => {
              const field = <QuestionField key={q.code} q={q} value={answers[q.code]} error={errors[`answers.${q.code}`]} lang={lang} />;
              const sc = screenOf(q);
              if (!sc) return field;
              // A screened criterion: the screening question before the first one, the group hidden after "Chưa" (CSS :has, also without JavaScript).
              if (sc.codes[0] !== q.code) return null;
              const group = s.questions.filter((x) => sc.codes.includes(x.code));
              const err = errors[`screen.${sc.key}`];
              const id = `screen-${sc.key}`;
              return (
                <div key={`screen-${sc.key}`} className={`screen-block${said[sc.key] === "0" ? " screened-out" : ""}`}>
                  <fieldset id={id} className={`criterion dq-yes_no screen-q${err ? " has-error" : ""}`} aria-describedby={err ? errorId(id) : undefined} tabIndex={-1}>
                    <legend className="criterion-legend"><span className="criterion-text">{lang === "en" ? sc.textEn ?? sc.text : sc.text}</span></legend>
                    {err ? <p className="error-text criterion-error" id={errorId(id)}><span className="sr-only">{lang === "en" ? "Error: " : "Lỗi: "}</span>{err}</p> : null}
                    <div className="dq-yn">
                      {[{ v: "1", label: st(lang, "screenYes") }, { v: "0", label: st(lang, "screenNo") }].map((o) => (
                        <label key={o.v} className="opt dq-opt">
                          <input type="radio" className="opt-input screen-input" name={`screen.${sc.key}`} value={o.v} defaultChecked={screenValues[sc.key] === o.v} />
                          <span className="opt-box"><span className="dq-label">{o.label}</span></span>
                        </label>
                      ))}
                    </div>
                  </fieldset>
                  <p className="field-note screen-skipped">{st(lang, "screenSkipped")}</p>
                  <div className="gated">
                    {group.map((g) => <QuestionField key={g.code} q={g} value={answers[g.code]} error={errors[`answers.${g.code}`]} lang={lang} />)}
                  </div>
                </div>
              );
            })}
          </section>
        ))}

        <section className="survey-card" hidden={step !== last}>
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

        <Progress total={total} skipped={skipped.size} lang={lang} />
        <div className="survey-submit">
          <div className="survey-nav">
            {/* The first button is the one Enter presses: "Tiếp tục" before the last screen, else "Gửi". */}
            {step < last ? (
              <button type="submit" name="intent" value="next" className="btn survey-next" onClick={goNext}>{st(lang, "next")}</button>
            ) : (
              <button type="submit" name="intent" value="send" className="btn survey-send" disabled={sending}>
                {sending ? st(lang, "sending") : translate(lang, "survey.submit")}
              </button>
            )}
            {step > 0 ? <button type="submit" name="intent" value="back" className="btn secondary survey-back" formNoValidate onClick={goBack}>{st(lang, "back")}</button> : null}
          </div>
          <p className="field-note">{st(lang, "anonymous")}</p>
        </div>
      </Form>
    </>
  );
}

/** A thin sticky "19/22 answered" bar; JavaScript only (without it, it would not update, so it is not shown). */
function Progress({ total, skipped, lang }: { total: number; skipped: number; lang: Lang }) {
  const [answered, setAnswered] = useState<number | null>(null);
  useEffect(() => {
    const form = document.querySelector<HTMLFormElement>("form.survey-form");
    if (!form) return;
    const count = () => {
      const names = new Set<string>();
      for (const el of Array.from(form.querySelectorAll<HTMLInputElement>("input.opt-input:checked"))) {
        if (!el.classList.contains("screen-input") && !el.closest(".screened-out .gated")) names.add(el.name);
      }
      setAnswered(names.size);
    };
    count();
    const onChange = (e: Event) => {
      const el = e.target as HTMLElement;
      // A screening answer changes which criteria count once React has re-rendered.
      if (el.classList?.contains("screen-input")) requestAnimationFrame(count);
      else if (el.classList?.contains("opt-input")) count();
    };
    form.addEventListener("change", onChange);
    return () => form.removeEventListener("change", onChange);
  }, []);
  if (answered === null) return null;
  const n = total - skipped;
  const pct = n ? Math.round((answered / n) * 100) : 0;
  return (
    <div className={`survey-progress${answered >= n ? " complete" : ""}`}>
      <span>{st(lang, "progress", { a: Math.min(answered, n), n })}</span>
      <span className="bar" aria-hidden="true"><span style={{ width: `${Math.min(pct, 100)}%` }} /></span>
    </div>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
