// The counts cube: monthly rollups summed per desk, month and channel (a bucket), and the sums of
// buckets that scoreTree reads. Every figure of the dashboards is scored from these counts.
import type { NodeSums, QuestionCounts } from "./scoring";

/**
 * The monthly rollups of some desks, summed per desk, month and channel (a bucket): the counts of
 * each question (satisfied / applicable / not applicable) and the respondent sums of each node.
 */
export interface Bucket {
  point: number;
  month: string;
  channel: string;
  questions: Map<string, QuestionCounts>;
  nodes: Map<string, NodeSums>;
}

export type CubeFilter = (point: number, month: string, channel: string) => boolean;

export interface CubeCounts {
  questions: Map<string, QuestionCounts>;
  nodes: Map<string, NodeSums>;
}

/** Adds a bucket's counts into a running sum (copies on first sight, so buckets are never changed). */
function addInto(into: CubeCounts, b: CubeCounts): void {
  for (const [code, c] of b.questions) {
    const t = into.questions.get(code);
    if (t) { t.satisfied += c.satisfied; t.total += c.total; t.notApplicable += c.notApplicable; }
    else into.questions.set(code, { ...c });
  }
  for (const [code, x] of b.nodes) {
    const t = into.nodes.get(code);
    if (t) { t.n += x.n; t.sum += x.sum; t.sumSq += x.sumSq; t.answers += x.answers; }
    else into.nodes.set(code, { ...x });
  }
}

/** The buckets of many desks summed per month and channel (point −1): the same counts, fewer rows. */
export function aggregateBuckets(buckets: Bucket[]): Bucket[] {
  const out = new Map<string, Bucket>();
  for (const b of buckets) {
    const key = `${b.month}|${b.channel}`;
    let a = out.get(key);
    if (!a) out.set(key, (a = { point: -1, month: b.month, channel: b.channel, questions: new Map(), nodes: new Map() }));
    addInto(a, b);
  }
  return [...out.values()];
}

/** Sums the buckets that pass the filter into the counts scoreTree reads. */
export function cubeCounts(buckets: Bucket[], keep: CubeFilter): CubeCounts {
  const sum: CubeCounts = { questions: new Map(), nodes: new Map() };
  for (const b of buckets) if (keep(b.point, b.month, b.channel)) addInto(sum, b);
  return sum;
}
