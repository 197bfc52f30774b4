import { describe, expect, it } from "vitest";
import { onKindScale, reportTree, type FigureNode } from "../../app/domain/index-kinds";

const node = (code: string, value: number | null, n: number, ci: [number, number] | null, children: FigureNode[] = [], kind = "node"): FigureNode => ({
  code, name: `Tên ${code}`, nameEn: null, kind, value, n, ciLow: ci?.[0] ?? null, ciHigh: ci?.[1] ?? null, children,
});

describe("reportTree: a scored tree on its kind's scale, with n and intervals", () => {
  it("PAPI: dimension scores 1–10 with the interval mapped the same way; questions on the root are not parts", () => {
    const root = node("P", 0.5, 40, [0.4, 0.6], [
      node("a", 0.75, 30, [0.6, 0.85]),
      node("b", null, 0, null),
      node("q", 1, 5, [0.5, 1], [], "question"),
    ], "index");
    const r = reportTree("papi", root);
    expect(r.parts.map((p) => p.code)).toEqual(["a", "b"]);
    expect(r.parts[0]).toMatchObject({ score: 7.75, max: 10, n: 30, low: 6.4, high: 8.65, name: "Tên a" });
    expect(r.parts[1]).toMatchObject({ score: null, n: 0, low: null, high: null });
    expect(r).toMatchObject({ total: 7.75, max: 20, n: 40, partsWithData: 1, grade: null });
  });

  it("Circular 01: points 0–2, total and grade; SIPAS: percentages", () => {
    const kids = Array.from({ length: 9 }, (_, i) => node(`i${i}`, i === 0 ? 0.5 : 5 / 6, 3, [0.3, 0.95]));
    const r = reportTree("circular01", node("T", 0.8, 3, [0.6, 0.9], kids, "index"));
    expect(r.parts[0]).toMatchObject({ score: 1, low: 0.6, high: 1.9 });
    expect(r.total).toBe(14.6);
    expect(r.grade).toBe("good");
    expect(onKindScale("sipas", 0.8157)).toBe(81.57);
    expect(onKindScale("papi", null)).toBeNull();
  });
});
