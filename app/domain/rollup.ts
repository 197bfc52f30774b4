import { respondentScores, type AnswerValue, type TreeNode } from "./index-tree";

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
  answers: Record<string, AnswerValue | undefined>,
  sign: 1 | -1 = 1,
): { questions: QuestionDelta[]; nodes: NodeDelta[] } {
  const questions: QuestionDelta[] = [];
  for (const [code, v] of Object.entries(answers)) {
    if (v === undefined) continue;
    questions.push({ questionCode: code, value: v ?? 0, count: sign });
  }
  const nodes: NodeDelta[] = [];
  for (const [nodeCode, s] of respondentScores(root, answers)) {
    nodes.push({ nodeCode, n: sign, sum: sign * s.score, sumSq: sign * s.score * s.score, answers: sign * s.answers });
  }
  return { questions, nodes };
}
