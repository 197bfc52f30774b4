// What an index kind is: how a scored tree (values in [0, 1] per node, see scoring.ts) is reported.
// Each kind is one file beside this one, listed once in index.ts.

export interface ValuedNode {
  code: string;
  value: number | null;
  children: ValuedNode[];
}

export type Circular01Grade = "excellent" | "good" | "fair" | "average" | "weak";

export interface IndexKindDef<K extends string = string> {
  kind: K;
  /** How the kind is named to an administrator choosing it. */
  label: string;
  unit: "%" | "điểm";
  /** The top of one part's scale (100 %, 10 points, 2 points). */
  partMax: number;
  /** The bottom of one part's scale, where a chart's bar starts (PAPI dimensions start at 1). */
  scaleMin: number;
  /** Decimals a figure on the kind's scale is shown with. */
  decimals: number;
  /** A part's score on the kind's scale, from its value in [0, 1]. */
  partScore(value: number | null): number | null;
  /** Any value in [0, 1] (an interval's end) on the kind's scale. */
  scale(value: number | null): number | null;
  /** The total: from the root's value, or from the parts' scores. */
  total(rootValue: number | null, partScores: Array<number | null>): number | null;
  /** The top of the total's scale for this many parts. */
  totalMax(parts: number): number;
  /** Whether the kind grades its total (Circular 01: Xuất sắc … Yếu). */
  graded: boolean;
  /** A grade of the total, where the kind has one. */
  grade(total: number | null): Circular01Grade | null;
}

export const round1 = (x: number) => Math.round(x * 10) / 10;
export const round2 = (x: number) => Math.round(x * 100) / 100;

/** The sum of the scores present (null when none is), rounded. */
export function sumScores(scores: Array<number | null>, round: (x: number) => number): number | null {
  const present = scores.filter((s): s is number => s !== null);
  return present.length === 0 ? null : round(present.reduce((a, b) => a + b, 0));
}
