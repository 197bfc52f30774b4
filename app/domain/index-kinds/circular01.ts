import { round1, round2, sumScores, type Circular01Grade, type IndexKindDef } from "./kind";

/** Circular 01: one index's points (0–2) from its mean dossier share, one decimal. */
export function circularIndexPoints(value: number | null): number | null {
  return value === null ? null : round1(2 * value);
}

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


/**
 * Circular 01/2018/TT-VPCP counter rating: each of the nine indices is scored 0, 1 or 2 per dossier
 * (stored as a choice scored 0, 0.5, 1), an index = mean dossier points with one decimal, the total
 * out of 18 and graded (Art 15).
 */
export const circular01: IndexKindDef<"circular01"> = {
  kind: "circular01",
  label: "Điểm 0/1/2 mỗi hồ sơ, tổng 18 — Thông tư 01/2018",
  unit: "điểm",
  partMax: 2,
  scaleMin: 0,
  decimals: 1,
  partScore: circularIndexPoints,
  scale: (v) => (v === null ? null : round2(2 * v)),
  total: (_root, parts) => sumScores(parts, round1),
  totalMax: (parts) => 2 * parts,
  graded: true,
  grade: (total) => (total === null ? null : circular01Grade(total)),
};
