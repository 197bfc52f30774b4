import { respondentScores, type AnswerValue, type TreeNode } from "./index-tree";
import { rollupValue, scoreAnswer, type QuestionSpec } from "./question-types";

/** designer: a question's type and settings, for answers that are not on the 1–5 scale. */
export type QuestionTypes = Map<string, { type: string; spec: QuestionSpec }>;

/** What one response adds to (sign +1) or removes from (sign −1) the daily rollups. */
export interface QuestionDelta {
  questionCode: string;
  /** 1–5, or 0 for not applicable. */
  value: number;
  count: number;
}
export interface NodeDelta {
  nodeCode: string;
  n: number;
  sum: number;
  sumSq: number;
  answers: number;
}

export function responseContribution(
  root: TreeNode,
  answers: Record<string, AnswerValue | number | undefined>,
  sign: 1 | -1 = 1,
  types?: QuestionTypes,
): { questions: QuestionDelta[]; nodes: NodeDelta[] } {
  const questions: QuestionDelta[] = [];
  // designer: without types every answer is on the 1–5 scale (the SIPAS path, unchanged).
  const t = (code: string) => types?.get(code) ?? { type: "likert5", spec: {} };
  for (const [code, v] of Object.entries(answers)) {
    if (v === undefined) continue;
    const rv = types ? rollupValue(t(code).type, v, t(code).spec) : v ?? 0;
    if (rv === null) continue;
    questions.push({ questionCode: code, value: rv, count: sign });
  }
  const scorer = types ? (code: string, v: number | null) => scoreAnswer(t(code).type, v, t(code).spec) : undefined;
  const nodes: NodeDelta[] = [];
  for (const [nodeCode, s] of respondentScores(root, answers as Record<string, AnswerValue | undefined>, scorer)) {
    nodes.push({ nodeCode, n: sign, sum: sign * s.score, sumSq: sign * s.score * s.score, answers: sign * s.answers });
  }
  return { questions, nodes };
}
