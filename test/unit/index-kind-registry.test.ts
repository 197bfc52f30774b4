// The index-kind registry: every kind answers the same questions, and an unknown kind is an error.
import { INDEX_KINDS, indexKind, isIndexKind, kindDef, onKindScale, summarise, UnknownIndexKindError } from "../../app/domain/index-kinds";

describe("index-kind registry", () => {
  it("lists each kind once, with a label and a scale", () => {
    expect([...INDEX_KINDS]).toEqual(["sipas", "papi", "circular01"]);
    for (const k of INDEX_KINDS) {
      const def = kindDef(k);
      expect(def.kind).toBe(k);
      expect(def.label.length).toBeGreaterThan(5);
      expect(def.partScore(null)).toBeNull();
      expect(def.scale(1)).toBe(def.partMax);
      expect(def.scale(0)).toBe(def.scaleMin);
    }
  });

  it("refuses an unknown kind instead of reading it as SIPAS", () => {
    expect(isIndexKind("cpi")).toBe(false);
    expect(() => indexKind("cpi")).toThrow(UnknownIndexKindError);
    expect(() => summarise("cpi" as never, { code: "X", value: 0.5, children: [] })).toThrow(UnknownIndexKindError);
    expect(() => onKindScale("" as never, 0.5)).toThrow(/không được hỗ trợ/);
  });

  it("reads a root stored before kinds existed (no kind) as SIPAS, as migration 0012 documents", () => {
    expect(indexKind(null)).toBe("sipas");
    expect(indexKind(undefined)).toBe("sipas");
  });

  it("grades only the kinds that have grades", () => {
    expect(INDEX_KINDS.filter((k) => kindDef(k).graded)).toEqual(["circular01"]);
    expect(summarise("circular01", { code: "T", value: null, children: Array.from({ length: 9 }, (_, i) => ({ code: `c${i}`, value: 1, children: [] })) })).toMatchObject({ total: 18, max: 18, grade: "excellent" });
  });
});
