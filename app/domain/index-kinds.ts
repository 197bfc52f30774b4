/**
 * Index kinds: how a scored index tree (values in [0, 1] per node, see scoring.ts) is reported.
 *   sipas      — percentages (share satisfied), the existing path;
 *   papi       — each dimension (child of the root) on a 1–10 scale (1 + 9 × value), the total
 *                the sum of the dimensions, out of 10 × dimensions (80 for PAPI's eight);
 *   circular01 — Circular 01/2018/TT-VPCP counter rating: each of the nine indices is scored 0, 1
 *                or 2 per dossier (stored as a choice scored 0, 0.5, 1), an index = mean dossier
 *                points with one decimal, the total out of 18 and graded (Art 15).
 * Pure: no I/O.
 */
export const INDEX_KINDS = ["sipas", "papi", "circular01"] as const;
export type IndexKind = (typeof INDEX_KINDS)[number];

export const INDEX_KIND_LABEL: Record<IndexKind, string> = {
  sipas: "Tỷ lệ hài lòng (%) — SIPAS",
  papi: "Thang 1–10 mỗi lĩnh vực, tổng 80 — kiểu PAPI",
  circular01: "Điểm 0/1/2 mỗi hồ sơ, tổng 18 — Thông tư 01/2018",
};

export function isIndexKind(k: unknown): k is IndexKind {
  return typeof k === "string" && (INDEX_KINDS as readonly string[]).includes(k);
}

export interface ValuedNode {
  code: string;
  value: number | null;
  children: ValuedNode[];
}

interface WeightedItem {
  value: number | null;
  weight?: number | null;
}

/** Weighted mean of the items with a value (weight default 1); null when none has one. */
export function weightedMean(items: WeightedItem[]): number | null {
  let sw = 0;
  let s = 0;
  for (const it of items) {
    if (it.value === null) continue;
    const w = it.weight ?? 1;
    sw += w;
    s += w * it.value;
  }
  return sw > 0 ? s / sw : null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** PAPI: a share in [0, 1] → a 1–10 dimension score. */
export function papiDimensionScore(value: number | null): number | null {
  return value === null ? null : round2(1 + 9 * value);
}

/** Circular 01: one index's points (0–2) from its mean dossier share, one decimal. */
export function circularIndexPoints(value: number | null): number | null {
  return value === null ? null : round1(2 * value);
}

type Circular01Grade = "excellent" | "good" | "fair" | "average" | "weak";
export const GRADE_LABEL: Record<Circular01Grade, string> = {
  excellent: "Xuất sắc",
  good: "Tốt",
  fair: "Khá",
  average: "Trung bình",
  weak: "Yếu",
};

/** Art 15 bands on the total out of 18: ≥15 excellent, 12–<15 good, 9–<12 fair, 6–<9 average, <6 weak. */
export function circular01Grade(total: number): Circular01Grade {
  if (total >= 15) return "excellent";
  if (total >= 12) return "good";
  if (total >= 9) return "fair";
  if (total >= 6) return "average";
  return "weak";
}

interface KindPart {
  code: string;
  /** The part's figure on the kind's scale: % (sipas), 1–10 (papi), 0–2 points (circular01). */
  score: number | null;
  max: number;
}

interface KindSummary {
  kind: IndexKind;
  /** % for sipas, points for papi and circular01. */
  total: number | null;
  max: number;
  unit: "%" | "điểm";
  parts: KindPart[];
  grade: Circular01Grade | null;
}

/** The report of a scored tree by its index kind (the root's children are the parts). */
export function summarise(kind: IndexKind, root: ValuedNode): KindSummary {
  if (kind === "papi") {
    const parts = root.children.map((c) => ({ code: c.code, score: papiDimensionScore(c.value), max: 10 }));
    const scored = parts.filter((p) => p.score !== null);
    const total = scored.length === 0 ? null : round2(scored.reduce((a, p) => a + p.score!, 0));
    return { kind, total, max: 10 * parts.length, unit: "điểm", parts, grade: null };
  }
  if (kind === "circular01") {
    const parts = root.children.map((c) => ({ code: c.code, score: circularIndexPoints(c.value), max: 2 }));
    const scored = parts.filter((p) => p.score !== null);
    const total = scored.length === 0 ? null : round1(scored.reduce((a, p) => a + p.score!, 0));
    return { kind, total, max: 2 * parts.length, unit: "điểm", parts, grade: total === null ? null : circular01Grade(total) };
  }
  const pct = (v: number | null) => (v === null ? null : round2(v * 100));
  return {
    kind,
    total: pct(root.value),
    max: 100,
    unit: "%",
    parts: root.children.map((c) => ({ code: c.code, score: pct(c.value), max: 100 })),
    grade: null,
  };
}

/** A scored node with its sample: what the indices API gives for every node of a tree. */
export interface FigureNode {
  code: string;
  name: string;
  nameEn?: string | null;
  kind?: string;
  value: number | null;
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
  children: FigureNode[];
}

interface ReportPart extends KindPart {
  name: string;
  nameEn: string | null;
  /** Respondents with a scored answer under the part. */
  n: number;
  /** The 95 % interval of the part on the kind's scale (from the node's interval; null without data). */
  low: number | null;
  high: number | null;
}

export interface KindReport extends Omit<KindSummary, "parts"> {
  /** Respondents with a scored answer anywhere in the tree. */
  n: number;
  parts: ReportPart[];
  /** Parts with data; the total adds only these (so it is below `max` when some have none). */
  partsWithData: number;
}

/** A value in [0, 1] on the kind's scale: % (sipas), 1–10 (papi), 0–2 points (circular01). */
export function onKindScale(kind: IndexKind, value: number | null): number | null {
  if (value === null) return null;
  if (kind === "papi") return round2(1 + 9 * value);
  if (kind === "circular01") return round2(2 * value);
  return round2(100 * value);
}

/**
 * The report of a scored tree by its kind, with each part's n and interval: `summarise` on the
 * root's child nodes (questions hanging directly on the root are not parts).
 */
export function reportTree(kind: IndexKind, root: FigureNode): KindReport {
  const nodes = (n: FigureNode) => n.children.filter((c) => c.kind !== "question");
  const valued = (n: FigureNode): ValuedNode => ({ code: n.code, value: n.value, children: nodes(n).map(valued) });
  const s = summarise(kind, valued(root));
  const parts = nodes(root).map((c, i): ReportPart => ({
    ...s.parts[i],
    name: c.name,
    nameEn: c.nameEn ?? null,
    n: c.n,
    low: c.value === null ? null : onKindScale(kind, c.ciLow),
    high: c.value === null ? null : onKindScale(kind, c.ciHigh),
  }));
  return { ...s, n: root.n, parts, partsWithData: parts.filter((p) => p.score !== null).length };
}
