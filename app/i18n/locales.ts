/**
 * The language registry. Vietnamese (complete) and English ship as TypeScript dictionaries beside
 * this file; any further language is a data file `locales/<code>.json` (see locales/README.md),
 * read by `locales.server.ts` at start-up and sent to the browser by the pages that switch language.
 * The list of languages is derived from what is registered: adding a file adds a language, no code
 * change. Whatever a file lacks falls back to Vietnamese (never to a key name).
 */

/** The sections of a data file: one per message catalogue (namespace) of app/i18n/*.ts. */
export const NAMESPACES = ["messages", "kiosk", "survey", "feedback", "dashboard"] as const;
export type Namespace = (typeof NAMESPACES)[number];

export interface LocaleFile {
  /** BCP 47 language code, ISO 639-3 where there is no shorter one: "rad" (Ê Đê), "cmo" (M'nông Trung); equals the file name. */
  code: string;
  /** The language's name in itself, shown on the switch. */
  name: string;
  /** A short label for narrow switches (default: the code in capitals). */
  short?: string;
  /** The name in Vietnamese, for staff. */
  nameVi?: string;
  /** True for a partial or unreviewed translation; the switch says so. */
  draft?: boolean;
  /** Who translated/reviewed it, or what is missing. */
  note?: string;
  /** UI messages per namespace: { "kiosk": { "retry": "…" }, "messages": { "scale.1": "…" } }. */
  messages?: Partial<Record<Namespace, Record<string, string>>>;
  /** Questionnaire name/intro and question texts: { "<questionnaire code>": { name, intro, questions: { "<question code>": "…" } } }. */
  questionnaires?: Record<string, { name?: string; intro?: string; questions?: Record<string, string> }>;
}

export interface LanguageInfo {
  code: string;
  name: string;
  short: string;
  draft: boolean;
}

const BUILT_IN: LanguageInfo[] = [
  { code: "vi", name: "Tiếng Việt", short: "VI", draft: false },
  { code: "en", name: "English", short: "EN", draft: false },
];

/** Same registry on the server (filled at start-up) and in the browser (filled from loader data). */
const extra = new Map<string, LocaleFile>();

export const LANG_CODE_RE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/;

export function registerLocales(files: readonly LocaleFile[]): void {
  for (const f of files) {
    if (!LANG_CODE_RE.test(f.code) || f.code === "vi" || f.code === "en") continue;
    extra.set(f.code, f);
  }
}

/** Every language a citizen can choose: Vietnamese, English, then the data files by code. */
export function languages(): LanguageInfo[] {
  const more = [...extra.values()].sort((a, b) => a.code.localeCompare(b.code)).map((f) => ({ code: f.code, name: f.name, short: f.short || f.code.toUpperCase(), draft: !!f.draft }));
  return [...BUILT_IN, ...more];
}

export function isLang(code: string | null | undefined): boolean {
  return !!code && (code === "vi" || code === "en" || extra.has(code));
}

/** The data files registered here (sent to the browser by pages with a client-side switch). */
export function registeredLocales(): LocaleFile[] {
  return [...extra.values()];
}

/** A message of a data-file language, or undefined (the caller then falls back to Vietnamese). */
export function localeMessage(lang: string, ns: Namespace, key: string): string | undefined {
  const text = extra.get(lang)?.messages?.[ns]?.[key];
  return typeof text === "string" && text.trim() ? text : undefined;
}

/** A questionnaire's text in a data-file language (question code, or "name" / "intro"), or undefined. */
export function localeQuestionnaireText(lang: string, questionnaire: string, what: { question: string } | "name" | "intro"): string | undefined {
  const q = extra.get(lang)?.questionnaires?.[questionnaire];
  if (!q) return undefined;
  const text = typeof what === "string" ? q[what] : q.questions?.[what.question];
  return typeof text === "string" && text.trim() ? text : undefined;
}

/**
 * A question (or questionnaire name) in `lang`, with the language the text is really in:
 * English from the database's *_en column, other languages from their data file, else Vietnamese.
 */
export function pickText(lang: string, vi: string, en: string | null | undefined, fromFile: () => string | undefined): { text: string; lang: string } {
  if (lang === "en" && en) return { text: en, lang: "en" };
  if (lang !== "vi" && lang !== "en") {
    const t = fromFile();
    if (t) return { text: t, lang };
  }
  return { text: vi, lang: "vi" };
}

/** A question of a questionnaire in `lang` (see pickText). */
export function questionText(lang: string, questionnaire: string, q: { code: string; text: string; textEn?: string | null; text_en?: string | null }) {
  return pickText(lang, q.text, q.textEn ?? q.text_en, () => localeQuestionnaireText(lang, questionnaire, { question: q.code }));
}
