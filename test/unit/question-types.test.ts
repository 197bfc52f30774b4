import { describe, expect, it } from "vitest";
import { buildTree } from "../../app/domain/index-tree";
import {
  circular01Grade, circularIndexPoints, papiDimensionScore, summarise, weightedMean, type ValuedNode,
} from "../../app/domain/index-kinds";
import { checkAnswer, rollupValue, scoreAnswer, scoreOfRollupValue, SCORED_BASE } from "../../app/domain/question-types";
import { responseContribution } from "../../app/domain/rollup";
import { scoreTree, type QuestionCounts } from "../../app/domain/scoring";

describe("question types: answer → score in [0, 1] or null", () => {
  it("likert5: satisfied at 4 and 5, not applicable is null", () => {
    expect([1, 2, 3, 4, 5].map((v) => scoreAnswer("likert5", v))).toEqual([0, 0, 0, 1, 1]);
    expect(scoreAnswer("likert5", null)).toBeNull();
  });
  it("yes_no: yes 1 and no 0 by default; reversed scores for a question where yes is bad", () => {
    expect(scoreAnswer("yes_no", 1)).toBe(1);
    expect(scoreAnswer("yes_no", 0)).toBe(0);
    expect(scoreAnswer("yes_no", 1, { yesScore: 0, noScore: 1 })).toBe(0);
    expect(scoreAnswer("yes_no", 0, { yesScore: 0, noScore: 1 })).toBe(1);
    expect(scoreAnswer("yes_no", 1, { yesScore: null })).toBeNull();
    expect(scoreAnswer("yes_no", null)).toBeNull();
  });
  it("choice: the chosen option's score (1-based index); an unscored option is null", () => {
    const spec = { options: [{ label: "Sớm", score: 1 }, { label: "Đúng hẹn", score: 0.5 }, { label: "Trễ", score: 0 }, { label: "Không nhớ", score: null }] };
    expect([1, 2, 3, 4].map((v) => scoreAnswer("choice", v, spec))).toEqual([1, 0.5, 0, null]);
    expect(scoreAnswer("choice", 9, spec)).toBeNull();
  });
  it("number: zero is best for an informal payment; linear scales; unscored by default", () => {
    expect(scoreAnswer("number", 0, { scoring: "zero_best" })).toBe(1);
    expect(scoreAnswer("number", 200_000, { scoring: "zero_best" })).toBe(0);
    expect(scoreAnswer("number", 25, { scoring: "lower_better", scoreAt: 100 })).toBe(0.75);
    expect(scoreAnswer("number", 150, { scoring: "higher_better", max: 100 })).toBe(1);
    expect(scoreAnswer("number", 5)).toBeNull();
  });
  it("text is never scored", () => {
    expect(scoreAnswer("text", null)).toBeNull();
  });
  it("rolls up likert as 1–5 (0 = not applicable) and other scored answers as base + thousandths", () => {
    expect(rollupValue("likert5", 4)).toBe(4);
    expect(rollupValue("likert5", null)).toBe(0);
    expect(rollupValue("yes_no", 1)).toBe(SCORED_BASE + 1000);
    expect(rollupValue("choice", 2, { options: [{ label: "a", score: 1 }, { label: "b", score: 0.5 }] })).toBe(SCORED_BASE + 500);
    expect(rollupValue("number", 3)).toBeNull();
    expect(rollupValue("text", null)).toBeNull();
    expect(scoreOfRollupValue(SCORED_BASE + 250)).toEqual({ applicable: true, score: 0.25 });
    expect(scoreOfRollupValue(5)).toEqual({ applicable: true, score: 1 });
    expect(scoreOfRollupValue(0).applicable).toBe(false);
  });
  it("checks answers by type, in Vietnamese", () => {
    expect(checkAnswer("likert5", 6)).toMatch(/từ 1 đến 5/);
    expect(checkAnswer("yes_no", 2)).toMatch(/1 \(có\) hoặc 0 \(không\)/);
    expect(checkAnswer("choice", 4, { options: [{ label: "a", score: 1 }, { label: "b", score: 0 }] })).toMatch(/từ 1 đến 2/);
    expect(checkAnswer("number", -1)).toMatch(/số nguyên/);
    expect(checkAnswer("text", "x".repeat(2001))).toMatch(/2000 ký tự/);
    expect(checkAnswer("choice", 2, { options: [{ label: "a", score: 1 }, { label: "b", score: 0 }] })).toBeNull();
  });
});

describe("mixed types roll up into the index tree", () => {
  const nodes = [
    { code: "R", parent: null, name: "R" },
    { code: "A", parent: "R", name: "A" },
    { code: "B", parent: "R", name: "B" },
  ];
  const tree = buildTree(nodes, [{ code: "a1", node: "A" }, { code: "a2", node: "A" }, { code: "b1", node: "B" }, { code: "b2", node: "B" }], "R");
  const types = new Map([
    ["a1", { type: "likert5", spec: {} }],
    ["a2", { type: "yes_no", spec: {} }],
    ["b1", { type: "choice", spec: { options: [{ label: "x", score: 1 }, { label: "y", score: 0.5 }] } }],
    ["b2", { type: "text", spec: {} }],
  ]);
  it("one respondent: A = mean(1, 0) = 0.5, B = 0.5 (text left out), R = 0.5", () => {
    const c = responseContribution(tree, { a1: 5, a2: 0, b1: 2, b2: null }, 1, types);
    expect(Object.fromEntries(c.nodes.map((n) => [n.nodeCode, n.sum]))).toEqual({ A: 0.5, B: 0.5, R: 0.5 });
    expect(c.questions.map((q) => [q.questionCode, q.value])).toEqual([["a1", 5], ["a2", SCORED_BASE], ["b1", SCORED_BASE + 500]]);
  });
  it("without types the SIPAS path is unchanged", () => {
    const c = responseContribution(tree, { a1: 5, a2: 2, b1: null }, 1);
    expect(c.questions.map((q) => q.value)).toEqual([5, 2, 0]);
    expect(Object.fromEntries(c.nodes.map((n) => [n.nodeCode, n.sum]))).toEqual({ A: 0.5, R: 0.5 });
  });
});

describe("weights", () => {
  const nodes = [
    { code: "R", parent: null, name: "R" },
    { code: "A", parent: "R", name: "A" },
    { code: "B", parent: "R", name: "B" },
  ];
  const tree = buildTree(nodes, [{ code: "a", node: "A" }, { code: "b", node: "B" }], "R");
  const counts = new Map<string, QuestionCounts>([["a", { satisfied: 9, total: 10, notApplicable: 0 }], ["b", { satisfied: 3, total: 10, notApplicable: 0 }]]);
  it("R = (2 × 0.9 + 1 × 0.3) / 3 = 0.7 with A weighing 2; 0.6 without weights", () => {
    expect(scoreTree(tree, counts, new Map()).value).toBeCloseTo(0.6, 10);
    expect(scoreTree(tree, counts, new Map(), true, new Map([["A", 2]])).value).toBeCloseTo(0.7, 10);
    expect(weightedMean([{ value: 0.9, weight: 2 }, { value: 0.3 }, { value: null, weight: 5 }])).toBeCloseTo(0.7, 10);
  });
});

describe("index kinds", () => {
  const root = (values: Array<number | null>): ValuedNode => ({ code: "R", value: null, children: values.map((v, i) => ({ code: `d${i + 1}`, value: v, children: [] })) });

  it("PAPI: each dimension 1 + 9 × share, total of 8 dimensions out of 80", () => {
    expect(papiDimensionScore(0)).toBe(1);
    expect(papiDimensionScore(1)).toBe(10);
    expect(papiDimensionScore(0.5)).toBe(5.5);
    // 1+9·0.5=5.5, 1+9·0.25=3.25, 10, 1, 5.5, 5.5, 7.3 (0.7), 4.6 (0.4) → 42.65
    const s = summarise("papi", root([0.5, 0.25, 1, 0, 0.5, 0.5, 0.7, 0.4]));
    expect(s.parts.map((p) => p.score)).toEqual([5.5, 3.25, 10, 1, 5.5, 5.5, 7.3, 4.6]);
    expect(s.total).toBe(42.65);
    expect(s.max).toBe(80);
  });

  it("Circular 01: index = mean dossier points (one decimal); total /18; grade bands", () => {
    // Three dossiers scored 2, 1, 2 on an index → mean share (1 + 0.5 + 1)/3 → 1.7 points.
    expect(circularIndexPoints((1 + 0.5 + 1) / 3)).toBe(1.7);
    const s = summarise("circular01", root([1, 1, 0.75, 1, 1, 0.5, 1, 0.9, 0.5]));
    expect(s.parts.map((p) => p.score)).toEqual([2, 2, 1.5, 2, 2, 1, 2, 1.8, 1]);
    expect(s.total).toBe(15.3);
    expect(s.max).toBe(18);
    expect(s.grade).toBe("excellent");
    expect([18, 15, 14.9, 12, 11.9, 9, 8.9, 6, 5.9, 0].map(circular01Grade)).toEqual([
      "excellent", "excellent", "good", "good", "fair", "fair", "average", "average", "weak", "weak",
    ]);
  });

  it("SIPAS: percentages", () => {
    const s = summarise("sipas", { code: "R", value: 0.8157, children: [{ code: "a", value: 0.9, children: [] }] });
    expect(s.total).toBe(81.57);
    expect(s.parts[0].score).toBe(90);
  });
});
