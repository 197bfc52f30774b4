// Answers checked against a questionnaire version, split into ratings and texts, mapped to question ids.
import { type QuestionTypes } from "../../domain/rollup";
import { checkAnswer, parseSpec } from "../../domain/question-types";
import { type PublishedVersion } from "./questionnaires.server";
/** Checks answers against a version's questions (and, designer, each question's type); returns field errors (empty when fine). */
export function checkAnswers(version: PublishedVersion, answers: Record<string, unknown>): Record<string, string> {
  const byCode = new Map(version.questions.map((q) => [q.code, q]));
  const errors: Record<string, string> = {};
  for (const [code, value] of Object.entries(answers)) {
    const q = byCode.get(code);
    if (!q) errors[`answers.${code}`] = `Câu hỏi "${code}" không có trong bảng hỏi ${version.code} (phiên bản ${version.version}).`;
    else {
      const msg = checkAnswer(q.type, value, parseSpec(q.spec));
      if (msg) errors[`answers.${code}`] = msg;
    }
  }
  return errors;
}

/** designer: the question types of a version, for its rollups. */
export function questionTypes(version: PublishedVersion): Map<number, QuestionTypes> {
  return new Map([[version.id, new Map(version.questions.map((q) => [q.code, { type: q.type, spec: parseSpec(q.spec) }]))]]);
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

export function questionIdMap(version: PublishedVersion): Map<number, Map<string, number>> {
  return new Map([[version.id, new Map(version.questions.map((q) => [q.code, q.id]))]]);
}
