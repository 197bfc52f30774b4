import { localDay } from "../../domain/periods";
import type { Db } from "../../platform/db.server";
import { fieldQuestion, parseSpec, type FieldQuestion } from "../../domain/question-types";
import type { Lang } from "../../i18n/format";
import { localeQuestionnaireText, pickText, questionText } from "../../i18n/locales";
import { currentVersion, loadIndex, type PublishedVersion } from "./questionnaires.server";
import { findServicePoint, listProcedureFields, listServicePoints } from "../org/reference.server";
import { hasDemoData } from "../../platform/frame.server";

/** Whether a dossier already has a response to this questionnaire (any version): one per dossier. */
async function isDossierRated(db: Db, questionnaireId: number, dossierCode: string): Promise<boolean> {
  const row = await db
    .selectFrom("response as r")
    .innerJoin("questionnaire_version as qv", "qv.id", "r.version_id")
    .select("r.id")
    .where("qv.questionnaire_id", "=", questionnaireId)
    .where("r.dossier_code", "=", dossierCode)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/**
 * A sub-index name as a short section heading for citizens:
 * "Chỉ số hài lòng về tiếp cận dịch vụ" → "Tiếp cận dịch vụ".
 */
function sectionTitle(name: string, lang: Lang): string {
  let s = lang === "en"
    ? name.replace(/^satisfaction with\s+(the\s+)?/i, "").replace(/\s+on procedures$/i, "")
    : name.replace(/^chỉ số hài lòng về\s+/i, "").replace(/\s+liên quan đến thủ tục hành chính$/i, "");
  s = s.trim();
  return s ? s.charAt(0).toLocaleUpperCase(lang) + s.slice(1) : name;
}

interface SurveySection {
  code: string;
  title: string;
  /* designer: every question carries its type (and options, unit…) for QuestionField. */
  questions: FieldQuestion[];
}

/** The version's criteria grouped under the index's sub-indices, in the index's order. */
export async function surveySections(db: Db, version: PublishedVersion, lang: Lang): Promise<SurveySection[]> {
  const index = await loadIndex(db, version.indexCode);
  const order = index.nodes.filter((n) => n.parent === version.indexCode);
  const parentOf = new Map(index.nodes.map((n) => [n.code, n.parent]));
  const topOf = (c: string): string => {
    let cur = c;
    for (let i = 0; i < 50 && parentOf.get(cur) && parentOf.get(cur) !== version.indexCode; i++) cur = parentOf.get(cur)!;
    return cur;
  };
  const sections: SurveySection[] = [];
  let no = 0;
  const place = (code: string, title: string) => {
    // designer: a question under a deeper node (a sub-dimension) is asked in its top-level section.
    const qs = version.questions.filter((q) => topOf(q.node_code) === code);
    if (qs.length === 0) return;
    sections.push({
      code,
      title,
      // The text from the language files (vi fallback); type, options and limits from the question.
      questions: qs.map((q) => ({ ...fieldQuestion({ ...q, spec: parseSpec(q.spec) }, ++no, lang), text: questionText(lang, version.code, q).text })),
    });
  };
  for (const n of order) place(n.code, sectionTitle((lang === "en" ? n.nameEn : null) ?? n.name, lang));
  // Criteria mapped elsewhere (deeper nodes, the root) still get asked.
  const placed = new Set(sections.flatMap((s) => s.questions.map((q) => q.code)));
  const rest = version.questions.filter((q) => !placed.has(q.code));
  if (rest.length > 0) {
    sections.push({
      code: "other",
      title: lang === "en" ? "Other" : "Nội dung khác",
      // The text from the language files (vi fallback); type, options and limits from the question.
      questions: rest.map((q) => ({ ...fieldQuestion({ ...q, spec: parseSpec(q.spec) }, ++no, lang), text: questionText(lang, version.code, q).text })),
    });
  }
  return sections;
}

interface SurveyPageInput {
  slug: string;
  lang: Lang;
  point: string | null;
  dossier: string | null;
  done: boolean;
}

const DOSSIER_RE = /^[\p{L}\p{N}._/-]{1,64}$/u;

/** Use case: what the survey page shows (form, thanks, or "already rated"); null when no such survey. */
export async function surveyPage(db: Db, input: SurveyPageInput) {
  const version = await currentVersion(db, input.slug);
  if (!version || !version.channels.includes("online")) return null;
  const en = input.lang === "en";
  const head = {
    slug: version.slug,
    name: pickText(input.lang, version.name, version.nameEn, () => localeQuestionnaireText(input.lang, version.code, "name")).text,
    intro: version.intro === null ? null : pickText(input.lang, version.intro, version.introEn, () => localeQuestionnaireText(input.lang, version.code, "intro")).text,
    demo: await hasDemoData(db),
  };
  if (input.done) return { ...head, view: "done" as const };

  const dossier = input.dossier?.trim() || null;
  const dossierValid = !!dossier && DOSSIER_RE.test(dossier);
  if (dossier && dossierValid && (await isDossierRated(db, version.questionnaireId, dossier))) {
    return { ...head, view: "already" as const, dossier };
  }

  const found = input.point ? await findServicePoint(db, input.point) : undefined;
  // A QR code of a desk closed by a reorganisation asks the citizen to choose today's desk.
  const inService = found && (found.valid_to === null || found.valid_to >= localDay(new Date())) && (found.valid_from === null || found.valid_from <= localDay(new Date()));
  const point = found && found.active && inService ? { code: found.code, name: (en ? found.name_en : null) ?? found.name } : null;
  const [points, fields, sections] = await Promise.all([
    listServicePoints(db), // also when the QR gave one: shown if the post is refused for it
    listProcedureFields(db),
    surveySections(db, version, input.lang),
  ]);
  return {
    ...head,
    view: "form" as const,
    questionnaire: version.code,
    point,
    pointUnknown: input.point && !point ? input.point : null,
    points: points.map((p) => ({ code: p.code, name: (en ? p.name_en : null) ?? p.name, kind: p.kind })),
    fields: fields.map((f) => ({ code: f.code, name: (en ? f.name_en : null) ?? f.name })),
    dossier: dossier ?? "",
    dossierLocked: dossierValid,
    sections,
  };
}

/** The criteria codes and the questionnaire code the action needs to validate a post. */
export async function surveyForAction(db: Db, slug: string) {
  const version = await currentVersion(db, slug);
  if (!version || !version.channels.includes("online")) return null;
  return {
    code: version.code, slug: version.slug, questionnaireId: version.questionnaireId, codes: version.questions.map((q) => q.code),
    // designer: types for the form's validation.
    types: Object.fromEntries(version.questions.map((q) => [q.code, { type: q.type, spec: parseSpec(q.spec) }])),
    /** The criteria codes of each section (one screen of the paged form each), in page order. */
    sections: (await surveySections(db, version, "vi")).map((s) => s.questions.map((q) => q.code)),
  };
}
