import { round2, sumScores, type IndexKindDef } from "./kind";

/** PAPI: a share in [0, 1] → a 1–10 dimension score. */
export function papiDimensionScore(value: number | null): number | null {
  return value === null ? null : round2(1 + 9 * value);
}

/** PAPI style: each dimension (child of the root) on 1–10; the total the sum, out of 10 × dimensions (80 for eight). */
export const papi: IndexKindDef<"papi"> = {
  kind: "papi",
  label: "Thang 1–10 mỗi lĩnh vực, tổng 80 — kiểu PAPI",
  unit: "điểm",
  partMax: 10,
  scaleMin: 1,
  decimals: 2,
  partScore: papiDimensionScore,
  scale: papiDimensionScore,
  total: (_root, parts) => sumScores(parts, round2),
  totalMax: (parts) => 10 * parts,
  graded: false,
  grade: () => null,
};
