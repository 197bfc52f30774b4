import { describe, expect, it } from "vitest";
import { buildTree, respondentScores, type AnswerValue, type IndexNodeDef, type QuestionDef } from "../../app/domain/index-tree";
import { responseContribution } from "../../app/domain/rollup";
import { nodeInterval, parPoints, scoreTree, wilson, type NodeSums, type QuestionCounts } from "../../app/domain/scoring";

const nodes: IndexNodeDef[] = [
  { code: "SIPAS", parent: null, name: "SIPAS", maxPoints: 10 },
  { code: "access", parent: "SIPAS", name: "Tiếp cận", maxPoints: 1.5 },
  { code: "servants", parent: "SIPAS", name: "Công chức", maxPoints: 2.5 },
];
const questions: QuestionDef[] = [
  { code: "access.1", node: "access" },
  { code: "access.2", node: "access" },
  { code: "servants.1", node: "servants" },
  { code: "kiosk.access", node: "access" },
];
const tree = buildTree(nodes, questions, "SIPAS");

/** Aggregates responses the way the rollups do, so tests state only answers. */
function aggregate(responses: Array<Record<string, AnswerValue>>) {
  const q = new Map<string, QuestionCounts>();
  const n = new Map<string, NodeSums>();
  for (const r of responses) {
    const c = responseContribution(tree, r);
    for (const d of c.questions) {
      const x = q.get(d.questionCode) ?? { satisfied: 0, total: 0, notApplicable: 0 };
      if (d.value === 0) x.notApplicable += d.count;
      else {
        x.total += d.count;
        if (d.value >= 4) x.satisfied += d.count;
      }
      q.set(d.questionCode, x);
    }
    for (const d of c.nodes) {
      const x = n.get(d.nodeCode) ?? { n: 0, sum: 0, sumSq: 0, answers: 0 };
      x.n += d.n; x.sum += d.sum; x.sumSq += d.sumSq; x.answers += d.answers;
      n.set(d.nodeCode, x);
    }
  }
  return scoreTree(tree, q, n);
}
const child = (s: ReturnType<typeof aggregate>, code: string) => {
  const stack = [s];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.code === code) return x;
    stack.push(...x.children);
  }
  throw new Error(code);
};

describe("Wilson interval", () => {
  it("matches the textbook value for 8 of 10", () => {
    const ci = wilson(0.8, 10)!;
    expect(ci.low).toBeCloseTo(0.4902, 4);
    expect(ci.high).toBeCloseTo(0.9433, 4);
  });
  it("stays inside [0, 1] at the edges and is null without data", () => {
    expect(wilson(1, 5)!.high).toBe(1);
    expect(wilson(0, 5)!.low).toBe(0);
    expect(wilson(0.5, 0)).toBeNull();
  });
});

describe("scoring a tree", () => {
  it("gives no value and n = 0 when there are no answers", () => {
    const s = aggregate([]);
    expect(s.value).toBeNull();
    expect(s.n).toBe(0);
    expect(s.ciLow).toBeNull();
    expect(child(s, "access").value).toBeNull();
  });

  it("gives no value when every answer is not applicable", () => {
    const s = aggregate([{ "access.1": null, "access.2": null, "servants.1": null }]);
    expect(s.value).toBeNull();
    expect(s.n).toBe(0);
    expect(child(s, "access.1").value).toBeNull();
    expect(child(s, "access.1").n).toBe(0);
  });

  it("scores one respondent by hand", () => {
    // access.1 = 5 (satisfied), access.2 = 3 (not), servants.1 = 4 (satisfied)
    const s = aggregate([{ "access.1": 5, "access.2": 3, "servants.1": 4 }]);
    expect(child(s, "access.1").value).toBe(1);
    expect(child(s, "access.2").value).toBe(0);
    expect(child(s, "access").value).toBe(0.5);
    expect(child(s, "servants").value).toBe(1);
    expect(s.value).toBe(0.75);
    expect(s.n).toBe(1);
    expect(child(s, "access").n).toBe(1);
    // One respondent: the node interval is Wilson with n = 1.
    const ci = wilson(0.5, 1)!;
    expect(child(s, "access").ciLow).toBeCloseTo(ci.low, 12);
    expect(child(s, "access").ciHigh).toBeCloseTo(ci.high, 12);
  });

  it("excludes not-applicable answers from rates but keeps the respondent in n when another answer applies", () => {
    const s = aggregate([
      { "access.1": 4, "access.2": null },
      { "access.1": 2, "access.2": 5 },
      { "access.1": null, "access.2": null, "servants.1": 1 },
    ]);
    expect(child(s, "access.1").value).toBe(0.5); // 1 of 2 applicable
    expect(child(s, "access.1").n).toBe(2);
    expect(child(s, "access.2").value).toBe(1); // 1 of 1
    expect(child(s, "access").value).toBe(0.75); // mean(0.5, 1)
    expect(child(s, "access").n).toBe(2); // third respondent has nothing applicable under access
    expect(child(s, "servants").value).toBe(0);
    expect(s.value).toBe(0.375); // mean(0.75, 0)
    expect(s.n).toBe(3);
  });

  it("mixes questionnaire versions: a kiosk question and the criteria share their node", () => {
    const s = aggregate([{ "kiosk.access": 4 }, { "access.1": 2, "access.2": 5 }]);
    // question rates: kiosk.access 1, access.1 0, access.2 1 → access = 2/3
    expect(child(s, "access").value).toBeCloseTo(2 / 3, 12);
    expect(child(s, "access").n).toBe(2);
    expect(s.value).toBeCloseTo(2 / 3, 12); // servants has no data and is left out of the mean
  });

  it("keeps the value inside its interval for a larger sample", () => {
    const rs: Array<Record<string, AnswerValue>> = [];
    for (let i = 0; i < 200; i++) rs.push({ "access.1": (i % 5) + 1 as AnswerValue, "access.2": ((i * 3) % 5) + 1 as AnswerValue, "servants.1": i % 3 === 0 ? 2 : 5 });
    const s = aggregate(rs);
    for (const code of ["SIPAS", "access", "servants", "access.1"]) {
      const x = child(s, code);
      expect(x.ciLow!).toBeLessThanOrEqual(x.value!);
      expect(x.ciHigh!).toBeGreaterThanOrEqual(x.value!);
      expect(x.ciLow!).toBeGreaterThanOrEqual(0);
      expect(x.ciHigh!).toBeLessThanOrEqual(1);
    }
  });
});

describe("respondent-level node interval", () => {
  it("uses the effective sample size n·p(1−p)/s², capped by the number of answers", () => {
    // 4 respondents with scores 1, 0.5, 0.5, 0 → mean 0.5, s² = (1.5 − 4·0.25)/3 = 1/6
    const sums = { n: 4, sum: 2, sumSq: 1 + 0.25 + 0.25, answers: 8 };
    const nEff = (4 * 0.25) / (1 / 6); // 6
    const ci = nodeInterval(0.5, sums)!;
    const w = wilson(0.5, nEff)!;
    expect(ci.low).toBeCloseTo(w.low, 12);
    expect(ci.high).toBeCloseTo(w.high, 12);
  });
  it("falls back to n respondents when there is no spread", () => {
    const ci = nodeInterval(1, { n: 3, sum: 3, sumSq: 3, answers: 6 })!;
    const w = wilson(1, 3)!;
    expect(ci.low).toBeCloseTo(w.low, 12);
  });
});

describe("respondent scores and rollup contributions", () => {
  it("scores a respondent per node by the mean-of-items rule", () => {
    const s = respondentScores(tree, { "access.1": 5, "access.2": 1, "servants.1": null });
    expect(s.get("access")).toEqual({ score: 0.5, answers: 2 });
    expect(s.has("servants")).toBe(false);
    expect(s.get("SIPAS")).toEqual({ score: 0.5, answers: 2 });
  });
  it("records not-applicable answers as value 0 and can be reversed", () => {
    const add = responseContribution(tree, { "access.1": 4, "access.2": null });
    const remove = responseContribution(tree, { "access.1": 4, "access.2": null }, -1);
    expect(add.questions).toContainEqual({ questionCode: "access.2", value: 0, count: 1 });
    expect(remove.questions).toContainEqual({ questionCode: "access.1", value: 4, count: -1 });
    expect(remove.nodes.find((n) => n.nodeCode === "access")).toEqual({ nodeCode: "access", n: -1, sum: -1, sumSq: -1, answers: -1 });
  });
});

describe("PAR points", () => {
  it("is max points × value", () => {
    expect(parPoints(0.8157, 1.5)).toBeCloseTo(1.22355, 10);
    expect(parPoints(null, 1.5)).toBeNull();
    expect(parPoints(0.9, null)).toBeNull();
  });
});
