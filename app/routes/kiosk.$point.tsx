import { localDay } from "../domain/periods";
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { db } from "../platform/db.server";
import { langFrom } from "../i18n/messages";
import { tk } from "../i18n/kiosk";
import { registerLocales, registeredLocales } from "../i18n/locales";
import { citizenLanguages, citizenSettings } from "../services/admin/citizen-settings.server";
import { findServicePoint } from "../services/org/reference.server";
import { hasDemoData } from "../platform/frame.server";
import { kioskVersionFor } from "../services/surveys/kiosk-questionnaire.server";
import { parseSpec } from "../domain/question-types";
import { type KioskQuestion, KioskApp } from "../components/kiosk/KioskApp";
import styles from "../styles/kiosk.css?url";
// kiosk-field: pairing gate, offline outbox, status mark (see components/kiosk/KioskGate.tsx).
import { KioskGate } from "../components/kiosk/KioskGate";
import fieldStyles from "../styles/kiosk-field.css?url";
import a11yStyles from "../styles/kiosk-a11y.css?url";
import fitStyles from "../styles/kiosk-fit.css?url";
import { stylesheets } from "../components/page";

export const links = stylesheets(styles, fieldStyles, a11yStyles, fitStyles);

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Kiosk · ${data.point.name}` : "Kiosk · Hài Lòng" },
  { name: "robots", content: "noindex" },
];

const pointCode = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langFrom(request);
  const parsed = pointCode.safeParse(params.point ?? "");
  const code = String(params.point ?? "").slice(0, 64);
  const point = parsed.success ? await findServicePoint(db(), parsed.data) : undefined;
  // A desk closed by a reorganisation takes no more responses (docs/decisions/0012).
  if (!point || !point.active || (point.valid_to !== null && point.valid_to < localDay(new Date()))) {
    throw json({ reason: "point", code, lang }, { status: 404 });
  }
  // The point's kiosk questionnaire (set on /quan-tri/thiet-bi), else sipas-kiosk.
  const version = await kioskVersionFor(db(), point.code);
  if (!version) {
    throw json({ reason: "questionnaire", code, lang }, { status: 503 });
  }
  const offered = citizenLanguages(await citizenSettings(db()));
  return json({
    lang: offered.some((l) => l.code === lang) ? lang : "vi",
    // Unreviewed (draft) languages only when an admin turned them on (/quan-tri/trang-nguoi-dan).
    languages: offered,
    // Data-file languages travel with the page: the switch changes language without a reload.
    locales: registeredLocales(),
    demo: await hasDemoData(db()),
    point: { code: point.code, name: point.name, nameEn: point.name_en },
    questionnaire: {
      code: version.code,
      questions: version.questions.map((q): KioskQuestion => {
        const spec = parseSpec(q.spec);
        return {
          code: q.code, text: q.text, textEn: q.text_en, type: q.type,
          ...(spec.options ? { options: spec.options.map((o) => ({ label: o.label, labelEn: o.labelEn ?? null })) } : {}),
          ...(q.type === "number" ? { unit: spec.unit ?? null, unitEn: spec.unitEn ?? null, min: spec.min ?? 0, max: spec.max ?? 2_000_000_000 } : {}),
          ...(q.type === "text" ? { maxLength: spec.maxLength ?? 2000 } : {}),
          // issue 17: reasons after a low rating and "Không áp dụng" come from the question's data.
          ...(q.type === "likert5" && spec.reasons?.length ? { reasons: spec.reasons.slice(0, 6).map((r) => ({ label: r.label, labelEn: r.labelEn ?? null })) } : {}),
          ...(q.type === "likert5" && spec.notApplicable ? { notApplicable: true } : {}),
          // issue 17: asked only after "Có" to its screening question (the question's data).
          ...(spec.screen?.key ? { screen: { key: spec.screen.key, text: spec.screen.text, textEn: spec.screen.textEn ?? null } } : {}),
        };
      }),
    },
  });
}

export default function KioskPoint() {
  const data = useLoaderData<typeof loader>();
  registerLocales(data.locales); // idempotent; the browser needs them before the first render
  return (
    <KioskGate point={data.point} lang={data.lang}>
      <KioskApp key={data.point.code} point={data.point} questionnaire={data.questionnaire} lang={data.lang} languages={data.languages} demo={data.demo} />
    </KioskGate>
  );
}

/** Full-screen error (the kiosk has no top bar): unknown service point → 404 in Vietnamese. */
export function ErrorBoundary() {
  const error = useRouteError();
  const info = isRouteErrorResponse(error) && error.data && typeof error.data === "object" ? (error.data as { reason?: string; code?: string; lang?: "vi" | "en" }) : {};
  const lang = info.lang === "en" ? "en" : "vi";
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="kiosk screen-error" lang={lang}>
      <main className="kiosk-main">
        <section className="kiosk-center">
          <svg className="kiosk-icon" viewBox="0 0 100 100" aria-hidden="true" width="120" height="120">
            <circle cx="50" cy="50" r="46" fill="#eef2f4" stroke="#8a949e" strokeWidth="4" />
            <circle cx="44" cy="44" r="17" fill="none" stroke="#55606b" strokeWidth="7" />
            <path d="M56 56 L71 71" stroke="#55606b" strokeWidth="8" strokeLinecap="round" />
          </svg>
          <h1 className="kiosk-title">{notFound ? tk(lang, "notFoundTitle") : tk(lang, "errorTitleGeneric")}</h1>
          <p className="kiosk-hint">
            {notFound
              ? tk(lang, "notFoundText", { code: info.code ?? "" })
              : info.reason === "questionnaire"
                ? `${tk(lang, "noQuestionnaire")} ${tk(lang, "errorTextGeneric")}`
                : tk(lang, "errorTextGeneric")}
          </p>
          <a className="kiosk-secondary" href="/kiosk">{tk(lang, "notFoundLink")}</a>
        </section>
      </main>
    </div>
  );
}
