/**
 * Index kinds: how a scored index tree is reported. The registry: each kind is one file in this
 * folder (sipas.ts, papi.ts, circular01.ts) and one line in KINDS below; an unknown kind is an error.
 * Pure: no I/O.
 */
import type { Figure } from "../figure";
import { circular01 } from "./circular01";
import type { Circular01Grade, IndexKindDef, ValuedNode } from "./kind";
import { papi } from "./papi";
import { sipas } from "./sipas";

export type { Circular01Grade, IndexKindDef, ValuedNode } from "./kind";
export { circular01Grade, circularIndexPoints, GRADE_LABEL } from "./circular01";
export { papiDimensionScore } from "./papi";

const KINDS = [sipas, papi, circular01] as const;

export const INDEX_KINDS = KINDS.map((k) => k.kind) as unknown as readonly ["sipas", "papi", "circular01"];
export type IndexKind = (typeof KINDS)[number]["kind"];

const BY_KIND = new Map<string, IndexKindDef<IndexKind>>(KINDS.map((k) => [k.kind, k]));

export const INDEX_KIND_LABEL = Object.fromEntries(KINDS.map((k) => [k.kind, k.label])) as Record<IndexKind, string>;

export function isIndexKind(k: unknown): k is IndexKind {
  return typeof k === "string" && BY_KIND.has(k);
}

/** A kind named in the data must be registered: anything else is an error, never a silent default. */
export class UnknownIndexKindError extends Error {
  constructor(readonly kind: unknown) {
    super(`Loại chỉ số không được hỗ trợ: ${String(kind)}.`);
  }
}

/**
 * The kind stored on an index's root, checked against the registry. A root without a kind predates
 * kinds (migration 0012), when every index was SIPAS; any other unregistered value is an error.
 */
export function indexKind(k: unknown): IndexKind {
  if (k === null || k === undefined) return "sipas";
  if (!isIndexKind(k)) throw new UnknownIndexKindError(k);
  return k;
}

/** A kind's definition (its scale, total and grade). */
export function kindDef(kind: IndexKind): IndexKindDef<IndexKind> {
  return BY_KIND.get(indexKind(kind))!;
}

export interface WeightedItem {
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

export interface KindPart {
  code: string;
  /** The part's figure on the kind's scale: % (sipas), 1–10 (papi), 0–2 points (circular01). */
  score: number | null;
  max: number;
}

export interface KindSummary {
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
  const def = kindDef(kind);
  const parts = root.children.map((c) => ({ code: c.code, score: def.partScore(c.value), max: def.partMax }));
  const total = def.total(root.value, parts.map((p) => p.score));
  return { kind, total, max: def.totalMax(parts.length), unit: def.unit, parts, grade: def.grade(total) };
}

/** A scored node with its sample: what the indices API gives for every node of a tree. */
export interface FigureNode extends Figure {
  code: string;
  name: string;
  nameEn?: string | null;
  kind?: string;
  children: FigureNode[];
}

export interface ReportPart extends KindPart {
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
  return kindDef(kind).scale(value);
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
