import { Hotline } from "../components/feedback-public/Hotline";
import { citizenSettings } from "../services/admin/citizen-settings.server";
import { json, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, MaxPartSizeExceededError, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Chrome, langLinks } from "../components/Chrome";
import { ErrorSummary, type SummaryItem } from "../components/ErrorSummary";
import { FeedbackNav } from "../components/feedback-public/FeedbackNav";
import { KindChoice } from "../components/feedback-public/KindChoice";
import { fieldMessage, ft, withLang, type FeedbackKey } from "../i18n/feedback";
import type { Lang } from "../i18n/format";
import { langFrom } from "../i18n/messages";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { hitRateLimit, publicLimit, retryHeaders } from "../platform/rate-limit.server";
import { clientIp } from "../platform/session.server";
import { FORM_FIELDS, type FormValues } from "../schemas/feedback-form";
import { echoValues, feedbackFormOptions, readFeedbackForm, readFeedbackPhotos, submitCitizenFeedback } from "../services/feedback/feedback-public.server";
import { PHOTO_LIMITS } from "../domain/photos";
import { hasDemoData } from "../platform/frame.server";
import { retryAfterHeaders } from "../platform/page-headers";
import styles from "../styles/feedback.css?url";
import { stylesheets } from "../components/page";

/** A 429 from the action keeps its Retry-After on the page answer. */
export const headers = retryAfterHeaders;

export const links = stylesheets(styles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${ft(data?.lang ?? "vi", "formTitle")} · Hài Lòng` }];

/** /phan-anh: the public form (phone first, no JavaScript needed). */
export async function loader({ request }: LoaderFunctionArgs) {
  const lang = langFrom(request);
  const [options, demo, citizen] = await Promise.all([feedbackFormOptions(db(), lang), hasDemoData(db()), citizenSettings(db())]);
  return json(
    { lang, demo, langHref: langLinks(request.url), options, idempotencyKey: crypto.randomUUID(), hotline: { hotline: citizen.hotline, officeHours: citizen.officeHours } },
    { headers: { "Cache-Control": "no-store" } },
  );
}

type ActionData = { errors: Record<string, string>; values: FormValues };

/** Validate and store once (idempotency key), then POST-redirect-GET to the tracking page. */
export async function action({ request }: ActionFunctionArgs) {
  // Photos come as multipart (issue 17); a file over the limit is refused in Vietnamese, not with a 5xx.
  const multipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  let form: FormData;
  let tooBig = false;
  let unreadable = false;
  try {
    form = multipart
      ? await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: PHOTO_LIMITS.maxBytes }))
      : await request.formData();
  } catch (e) {
    // Too big, or a part the multipart reader cannot read (a file name with ", ; or =): a 4xx.
    if (e instanceof MaxPartSizeExceededError) tooBig = true;
    else unreadable = true;
    form = new FormData();
  }
  const lang: Lang = form.get("lang") === "en" ? "en" : form.get("lang") === "vi" ? "vi" : langFrom(request);
  const values = readFeedbackForm(form);
  if (tooBig) {
    return json<ActionData>({ errors: { photos: lang === "en" ? "Each photo can be at most 5 MB." : "Mỗi ảnh tối đa 5 MB." }, values: echoValues(values) }, { status: 413 });
  }
  if (unreadable) {
    const message = lang === "en"
      ? "The photos sent could not be read. If a file name has \" ; or =, rename the file and send again."
      : "Không đọc được ảnh gửi lên. Nếu tên tệp có dấu \" ; hoặc =, hãy đổi tên tệp rồi gửi lại.";
    return json<ActionData>({ errors: { photos: message }, values: echoValues(values) }, { status: 400 });
  }
  try {
    await hitRateLimit(db(), "feedback", clientIp(request), publicLimit("feedback"));
    const photos = await readFeedbackPhotos(form, lang);
    const r = await submitCitizenFeedback(db(), values, "web", photos);
    return redirect(withLang(`/tra-cuu/${r.trackingCode}?moi=1`, lang), 303);
  } catch (e) {
    if (e instanceof InputError) {
      const errors: Record<string, string> = {};
      for (const [k, msg] of Object.entries(e.fields)) errors[k] = k === "photos" ? msg : fieldMessage(k, msg, lang);
      if (errors.text && !(values.text ?? "").trim()) errors.text = ft(lang, "err.textRequired");
      if (Object.keys(errors).length === 0) errors._ = e.message;
      return json<ActionData>({ errors, values: echoValues(values) }, { status: e.status, headers: retryHeaders(e) });
    }
    console.error(e);
    return json<ActionData>({ errors: { _: ft(lang, "serverError") }, values: echoValues(values) }, { status: 500 });
  }
}

const LABEL: Record<string, FeedbackKey> = {
  kind: "kindLegend", topic: "topic", unit: "unit", servicePoint: "servicePoint", text: "text",
  contactName: "contactName", contactPhone: "contactPhone", contactEmail: "contactEmail", consentPublish: "consent", idempotencyKey: "formLabel",
};

export default function FeedbackForm() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const { lang, options } = data;
  const errors = actionData?.errors ?? {};
  const values = actionData?.values ?? {};
  const sending = navigation.state === "submitting";
  const [count, setCount] = useState<number>((values.text ?? "").length);
  const [picked, setPicked] = useState(0);

  const summary: SummaryItem[] = [];
  const EXTRA: Record<string, string> = lang === "en" ? { place: "Where exactly", photos: "Photos", shareLocation: "Location" } : { place: "Địa điểm cụ thể", photos: "Ảnh", shareLocation: "Vị trí" };
  for (const f of FORM_FIELDS) {
    if (errors[f]) summary.push({ target: f === "idempotencyKey" ? undefined : f, label: LABEL[f] ? ft(lang, LABEL[f]) : EXTRA[f] ?? ft(lang, "formLabel"), message: errors[f] });
  }
  if (errors.photos) summary.push({ target: "photos", label: EXTRA.photos, message: errors.photos });
  for (const [k, msg] of Object.entries(errors)) {
    if (!(FORM_FIELDS as readonly string[]).includes(k) && k !== "photos") summary.push({ label: ft(lang, "formLabel"), message: msg });
  }

  const fieldClass = (f: string) => `field${errors[f] ? " has-error" : ""}`;
  const describe = (f: string, hint?: string) => [errors[f] ? `${f}-error` : null, hint ?? null].filter(Boolean).join(" ") || undefined;
  const err = (f: string) => (errors[f] ? <p className="error-text" id={`${f}-error`}>{errors[f]}</p> : null);
  const opt = (_f: string) => <span className="fb-req">({ft(lang, "optional")})</span>;
  const groups = ["centre", "district_desk", "commune_desk", "commune_centre"] as const;

  return (
    <Chrome citizen lang={lang} demo={data.demo} langHref={data.langHref}>
      <main className="page narrow fb" lang={lang}>
        <FeedbackNav lang={lang} current="send" />
        <p className="fb-kicker">{ft(lang, "formKicker")}</p>
        <h1 className="fb-title">{ft(lang, "formTitle")}</h1>
        <p className="fb-intro">{ft(lang, "formIntro")}</p>

        {summary.length > 0 ? (
          <ErrorSummary id="fb-summary" className="fb-summary" title={ft(lang, "summaryTitle")} intro={ft(lang, "summaryCount", { n: summary.length })} items={summary} stamp={actionData} />
        ) : null}

        <Form method="post" encType="multipart/form-data" noValidate className="fb-form">
          <input type="hidden" name="idempotencyKey" value={values.idempotencyKey || data.idempotencyKey} />
          <input type="hidden" name="lang" value={lang} />

          <section className="fb-card">
            <KindChoice lang={lang} value={values.kind} error={errors.kind} />
          </section>

          <section className="fb-card" aria-labelledby="about-title">
            <h2 id="about-title" className="fb-section-title">{ft(lang, "aboutTitle")}</h2>

            <div className={fieldClass("topic")}>
              <label htmlFor="topic">{ft(lang, "topic")} {opt("topic")}</label>
              {err("topic")}
              <select id="topic" name="topic" defaultValue={values.topic ?? ""} aria-invalid={errors.topic ? true : undefined} aria-describedby={describe("topic")}>
                <option value="">{ft(lang, "topicAny")}</option>
                {options.fields.map((f) => <option key={f.code} value={f.code}>{f.name}</option>)}
              </select>
            </div>

            <div className={fieldClass("unit")}>
              <label htmlFor="unit">{ft(lang, "unit")} {opt("unit")}</label>
              {err("unit")}
              <select id="unit" name="unit" defaultValue={values.unit ?? ""} aria-invalid={errors.unit ? true : undefined} aria-describedby={describe("unit")}>
                <option value="">{ft(lang, "unitAny")}</option>
                {options.province ? (
                  <optgroup label={ft(lang, "unitProvince")}>
                    <option value={options.province.code}>{options.province.name}</option>
                  </optgroup>
                ) : null}
                {options.communes.length > 0 ? (
                  <optgroup label={ft(lang, "unitCommunes")}>
                    {options.communes.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
                  </optgroup>
                ) : null}
                {options.districts.map((d) => (
                  <optgroup key={d.code} label={d.name}>
                    <option value={d.code}>{ft(lang, "unitWhole", { name: d.name })}</option>
                    {d.communes.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
                  </optgroup>
                ))}
              </select>
            </div>

            <div className={fieldClass("servicePoint")}>
              <label htmlFor="servicePoint">{ft(lang, "servicePoint")} {opt("servicePoint")}</label>
              {err("servicePoint")}
              <select id="servicePoint" name="servicePoint" defaultValue={values.servicePoint ?? ""} aria-invalid={errors.servicePoint ? true : undefined} aria-describedby={describe("servicePoint")}>
                <option value="">{ft(lang, "servicePointAny")}</option>
                {groups.map((g) => {
                  const ps = options.points.filter((p) => p.kind === g);
                  return ps.length ? (
                    <optgroup key={g} label={ft(lang, `group.${g}`)}>
                      {ps.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
                    </optgroup>
                  ) : null;
                })}
                {options.points.some((p) => !(groups as readonly string[]).includes(p.kind)) ? (
                  <optgroup label={ft(lang, "group.other")}>
                    {options.points.filter((p) => !(groups as readonly string[]).includes(p.kind)).map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
                  </optgroup>
                ) : null}
              </select>
            </div>
            <div className={fieldClass("text")}>
              <label htmlFor="text">
                {ft(lang, "text")} <span className="fb-req">({ft(lang, "required")})</span>
              </label>
              {err("text")}
              <textarea
                id="text"
                name="text"
                rows={7}
                maxLength={5000}
                required
                defaultValue={values.text ?? ""}
                onChange={(e) => setCount(e.currentTarget.value.length)}
                aria-invalid={errors.text ? true : undefined}
                aria-describedby={describe("text", "text-hint text-count")}
              />
              <div className="fb-text-foot">
                <span className="field-note" id="text-hint">{ft(lang, "textHint")}</span>
                <span className={`fb-counter${count > 0 && count < 10 ? " short" : ""}`} id="text-count" aria-live="polite">
                  {ft(lang, "counter", { n: count.toLocaleString(lang === "en" ? "en-GB" : "vi-VN") })}
                </span>
              </div>
            </div>
            <div className={fieldClass("place")}>
              <label htmlFor="place">{lang === "en" ? "Where exactly? (optional)" : "Địa điểm cụ thể (không bắt buộc)"}</label>
              {err("place")}
              <input id="place" name="place" type="text" maxLength={300} defaultValue={values.place ?? ""} aria-invalid={errors.place ? true : undefined} aria-describedby={describe("place", "place-hint")} />
              <span className="field-note" id="place-hint">{lang === "en" ? "e.g. street, house number, landmark" : "Ví dụ: tên đường, số nhà, gần địa điểm nào"}</span>
            </div>
            <div className={fieldClass("photos")}>
              <label htmlFor="photos">{lang === "en" ? "Photos (optional, up to 3, 5 MB each)" : "Ảnh (không bắt buộc, tối đa 3 ảnh, mỗi ảnh 5 MB)"}</label>
              {err("photos")}
              {/* The browser's own file button speaks the browser's language: a Vietnamese button stands in for it. */}
              <input id="photos" name="photos" type="file" className="fb-photo-input" accept="image/jpeg,image/png,image/webp" multiple aria-invalid={errors.photos ? true : undefined} aria-describedby={describe("photos", "photos-hint photos-picked")}
                onChange={(e) => setPicked(e.currentTarget.files?.length ?? 0)} />
              <span className="fb-photo-row">
                <label htmlFor="photos" className="btn secondary fb-photo-pick" aria-hidden="true">{lang === "en" ? "Choose photos…" : "Chọn ảnh…"}</label>
                <span id="photos-picked" className="field-note" aria-live="polite">
                  {picked ? (lang === "en" ? `${picked} photo(s) chosen` : `Đã chọn ${picked} ảnh`) : lang === "en" ? "No photo chosen" : "Chưa chọn ảnh nào"}
                </span>
              </span>
              <span className="field-note" id="photos-hint">{lang === "en" ? "Photos are seen by the agency handling your feedback; they are made public only if the coordinator publishes them. The location stored in a photo is removed unless you tick the box below." : "Ảnh được gửi tới cơ quan xử lý; chỉ công khai khi cơ quan điều phối quyết định công bố. Vị trí lưu trong ảnh sẽ được xóa, trừ khi Ông/Bà đánh dấu ô dưới đây."}</span>
              <label className="fb-check">
                <input id="shareLocation" type="checkbox" name="shareLocation" value="on" defaultChecked={values.shareLocation === "on"} />
                <span>{lang === "en" ? "Keep the location stored in my photos (helps find the place)" : "Giữ vị trí lưu trong ảnh (giúp tìm đúng nơi)"}</span>
              </label>
            </div>
          </section>

          <section className="fb-card" aria-labelledby="contact-title" aria-describedby="contact-hint">
            <h2 id="contact-title" className="fb-section-title">{ft(lang, "contactTitle")} {opt("contact")}</h2>
            <p className="field-note" id="contact-hint">{ft(lang, "contactHint")}</p>

            <div className={fieldClass("contactName")}>
              <label htmlFor="contactName">{ft(lang, "contactName")}</label>
              {err("contactName")}
              <input id="contactName" name="contactName" type="text" autoComplete="name" maxLength={120} defaultValue={values.contactName ?? ""} aria-invalid={errors.contactName ? true : undefined} aria-describedby={describe("contactName")} />
            </div>
            <div className={fieldClass("contactPhone")}>
              <label htmlFor="contactPhone">{ft(lang, "contactPhone")}</label>
              {err("contactPhone")}
              <input id="contactPhone" name="contactPhone" type="tel" inputMode="tel" autoComplete="tel" maxLength={20} defaultValue={values.contactPhone ?? ""} aria-invalid={errors.contactPhone ? true : undefined} aria-describedby={describe("contactPhone", "contactPhone-hint")} />
              <span className="field-note" id="contactPhone-hint">{ft(lang, "contactPhoneHint")}</span>
            </div>
            <div className={fieldClass("contactEmail")}>
              <label htmlFor="contactEmail">{ft(lang, "contactEmail")}</label>
              {err("contactEmail")}
              <input id="contactEmail" name="contactEmail" type="email" inputMode="email" autoComplete="email" maxLength={200} defaultValue={values.contactEmail ?? ""} aria-invalid={errors.contactEmail ? true : undefined} aria-describedby={describe("contactEmail")} />
            </div>
          </section>

          <div className={`fb-consent${errors.consentPublish ? " has-error" : ""}`}>
            <label className="fb-check">
              <input id="consentPublish" type="checkbox" name="consentPublish" value="on" defaultChecked={values.consentPublish === "on"} aria-describedby="consent-hint" />
              <span>{ft(lang, "consent")}</span>
            </label>
            <p className="field-note" id="consent-hint">{ft(lang, "consentHint")}</p>
          </div>

          <div className="fb-submit">
            <button type="submit" className="btn fb-send" disabled={sending}>
              {sending ? ft(lang, "sending") : ft(lang, "submit")}
            </button>
          </div>
        </Form>
        <Hotline lang={lang} {...data.hotline} />
      </main>
    </Chrome>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
