import { round2, type IndexKindDef } from "./kind";

const pct = (v: number | null) => (v === null ? null : round2(v * 100));

/** SIPAS: every figure a percentage (the share satisfied); the total is the root's own share. */
export const sipas: IndexKindDef<"sipas"> = {
  kind: "sipas",
  label: "Tỷ lệ hài lòng (%) — SIPAS",
  unit: "%",
  partMax: 100,
  scaleMin: 0,
  decimals: 2,
  partScore: pct,
  scale: pct,
  total: (rootValue) => pct(rootValue),
  totalMax: () => 100,
  graded: false,
  grade: () => null,
};
