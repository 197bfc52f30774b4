import { weightedMean } from "./index-kinds";
import type { TreeNode } from "./index-tree";
import { pointsFor, type PointsRule } from "./par-points";
import type { Figure } from "./figure";

export const Z95 = 1.959963984540054;

/** Counts of one question's answers: satisfied (4–5), applicable (1–5) and not applicable. */
export interface QuestionCounts {
  satisfied: number;
  total: number;
  notApplicable: number;
}

/** Respondent-level sums for one node: n respondents, Σscore, Σscore², applicable answers. */
export interface NodeSums {
  n: number;
  sum: number;
  sumSq: number;
  answers: number;
}

interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for a proportion p observed over n trials. */
export function wilson(p: number, n: number, z = Z95): Interval | null {
  if (!(n > 0)) return null;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Interval for a node from respondent-level scores: the respondents' variance gives the standard
 * error of the mean; it is turned into an effective sample size (n·p(1−p)/s², at most the number of
 * applicable answers, at least 1) and a Wilson interval around the node's value. With fewer than
 * two respondents, or no spread, the effective size is n. See docs/decisions/0002-scoring.md.
 */
export function nodeInterval(value: number, sums: NodeSums, z = Z95): Interval | null {
  const { n, sum, sumSq, answers } = sums;
  if (!(n > 0)) return null;
  let nEff = n;
  if (n >= 2 && value > 0 && value < 1) {
    const variance = Math.max(0, (sumSq - (sum * sum) / n) / (n - 1));
    if (variance > 1e-12) {
      nEff = Math.min(Math.max(answers, n), Math.max(1, (n * value * (1 - value)) / variance));
    }
  }
  return wilson(value, nEff, z);
}

export interface ScoredNode extends Figure {
  code: string;
  kind: "index" | "node" | "question";
  children: ScoredNode[];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Scores a tree from per-question counts and per-node respondent sums:
 * criterion rate = satisfied ÷ applicable; node = mean of its items' rates (questions and child
 * nodes with data); n = respondents with at least one applicable answer under the node.
 */
export function scoreTree(
  root: TreeNode,
  questionCounts: Map<string, QuestionCounts>,
  nodeSums: Map<string, NodeSums>,
  isRoot = true,
  /* designer: optional node weights (code → weight, default 1); without them every item counts alike. */
  weights?: Map<string, number>,
): ScoredNode {
  const questionNodes: ScoredNode[] = root.questions.map((code) => {
    const c = questionCounts.get(code);
    const total = c?.total ?? 0;
    const value = total > 0 ? c!.satisfied / total : null;
    const ci = value === null ? null : wilson(value, total);
    return { code, kind: "question", value, n: total, ciLow: ci?.low ?? null, ciHigh: ci?.high ?? null, children: [] };
  });
  const childNodes = root.children.map((c) => scoreTree(c, questionCounts, nodeSums, false, weights));
  const items = [...questionNodes, ...childNodes].filter((x) => x.value !== null);
  // designer: weighted mean of items (questions weigh 1; a node its weight, default 1); the plain
  // mean without weights, or when they add up to nothing.
  const w = (x: ScoredNode) => (x.kind === "question" ? 1 : weights?.get(x.code) ?? 1);
  const weighted = weights ? weightedMean(items.map((x) => ({ value: x.value, weight: w(x) }))) : null;
  const value = items.length === 0 ? null : weighted ?? mean(items.map((x) => x.value!));
  const sums = nodeSums.get(root.def.code) ?? { n: 0, sum: 0, sumSq: 0, answers: 0 };
  const ci = value === null ? null : nodeInterval(value, sums);
  return {
    code: root.def.code,
    kind: isRoot ? "index" : "node",
    value,
    n: value === null ? 0 : sums.n,
    ciLow: ci?.low ?? null,
    ciHigh: ci?.high ?? null,
    children: [...childNodes, ...questionNodes],
  };
}

/** PAR points: max points × value by default, or the province's rule (see par-points.ts). */
export function parPoints(value: number | null, maxPoints: number | null | undefined, rule?: PointsRule): number | null {
  return pointsFor(value, maxPoints, rule);
}
