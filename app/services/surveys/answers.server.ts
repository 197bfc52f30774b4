// Answers checked against a questionnaire version, split into ratings and texts, mapped to question ids.
import { type QuestionTypes } from "../../domain/rollup";
import { checkAnswer, parseSpec } from "../../domain/question-types";
import { type PublishedVersion } from "./questionnaires.server";
/**
 * What every submission needs of a version, derived once per published version object (the
 * questionnaire cache hands out the same object while it keeps it; published versions never
 * change). Parsing each question's spec again for every submission was ~7 % of an ingest
 * request's CPU (issue 18).
 */
interface VersionShape {
  questions: Map<string, { type: string; spec: ReturnType<typeof parseSpec> }>;
  types: Map<number, QuestionTypes>;
  ids: Map<number, Map<string, number>>;
}
const shapes = new WeakMap<PublishedVersion, VersionShape>();
function shapeOf(version: PublishedVersion): VersionShape {
  let shape = shapes.get(version);
  if (!shape) {
    const questions = new Map(version.questions.map((q) => [q.code, { type: q.type, spec: parseSpec(q.spec) }]));
    shape = { questions, types: new Map([[version.id, questions]]), ids: new Map([[version.id, new Map(version.questions.map((q) => [q.code, q.id]))]]) };
    shapes.set(version, shape);
  }
  return shape;
}

/** Checks answers against a version's questions (and, designer, each question's type); returns field errors (empty when fine). */
export function checkAnswers(version: PublishedVersion, answers: Record<string, unknown>): Record<string, string> {
  const byCode = shapeOf(version).questions;
  const errors: Record<string, string> = {};
  for (const [code, value] of Object.entries(answers)) {
    const q = byCode.get(code);
    if (!q) errors[`answers.${code}`] = `Câu hỏi "${code}" không có trong bảng hỏi ${version.code} (phiên bản ${version.version}).`;
    else {
      const msg = checkAnswer(q.type, value, q.spec);
      if (msg) errors[`answers.${code}`] = msg;
    }
  }
  return errors;
}

/** A question's type settings (kiosk reasons, options…), parsed once per version. */
export function questionSpec(version: PublishedVersion, code: string): ReturnType<typeof parseSpec> {
  return shapeOf(version).questions.get(code)?.spec ?? {};
}

/** designer: the question types of a version, for its rollups (shared: read only). */
export function questionTypes(version: PublishedVersion): Map<number, QuestionTypes> {
  return shapeOf(version).types;
}

/** designer: splits posted answers into stored values and free texts. */
export function splitAnswers(answers: Record<string, number | string | null>): { values: Record<string, number | null>; texts: Record<string, string> } {
  const values: Record<string, number | null> = {};
  const texts: Record<string, string> = {};
  for (const [code, v] of Object.entries(answers)) {
    if (typeof v === "string") {
      values[code] = null;
      if (v.trim()) texts[code] = v.trim();
    } else values[code] = v;
  }
  return { values, texts };
}

/** Question code → question id, by version id (shared: read only). */
export function questionIdMap(version: PublishedVersion): Map<number, Map<string, number>> {
  return shapeOf(version).ids;
}
