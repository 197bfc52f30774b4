/**
 * Questionnaire → index tree. Every question maps to exactly one node; a node's rate is the mean
 * of the rates of its items (its own questions and its child nodes). The same rule gives each
 * respondent a score per node, which the intervals of sub-indices use.
 */
export interface IndexNodeDef {
  code: string;
  parent: string | null;
  name: string;
  nameEn?: string | null;
  parCode?: string | null;
  maxPoints?: number | null;
  pointTarget?: number | null;
}

export interface QuestionDef {
  code: string;
  node: string;
  text?: string;
  textEn?: string | null;
}

export interface TreeNode {
  def: IndexNodeDef;
  children: TreeNode[];
  questions: string[];
}

/** Answer values: 1–5 on the satisfaction scale, null for "không áp dụng" (not applicable). */
export type AnswerValue = 1 | 2 | 3 | 4 | 5 | null;

function isSatisfied(v: number): boolean {
  return v >= 4;
}

export function buildTree(nodes: IndexNodeDef[], questions: QuestionDef[], rootCode: string): TreeNode {
  const byCode = new Map<string, TreeNode>();
  for (const def of nodes) byCode.set(def.code, { def, children: [], questions: [] });
  for (const n of byCode.values()) {
    if (n.def.parent) byCode.get(n.def.parent)?.children.push(n);
  }
  for (const q of questions) {
    const node = byCode.get(q.node);
    if (!node) throw new Error(`question ${q.code} maps to unknown index node ${q.node}`);
    if (!node.questions.includes(q.code)) node.questions.push(q.code);
  }
  const root = byCode.get(rootCode);
  if (!root) throw new Error(`unknown index ${rootCode}`);
  return root;
}

interface RespondentNodeScore {
  /** Share of satisfied answers under the node, by the mean-of-items rule; in [0, 1]. */
  score: number;
  /** Applicable (1–5) answers under the node. */
  answers: number;
}

/**
 * One respondent's score per node. A node gets a score only when the respondent gave at least
 * one applicable answer under it.
 */
export function respondentScores(
  root: TreeNode,
  answers: Record<string, AnswerValue | undefined>,
  /* designer: optional per-question scorer (answer → [0, 1] or null = not scored); default likert. */
  scorer?: (code: string, value: number | null) => number | null,
): Map<string, RespondentNodeScore> {
  const out = new Map<string, RespondentNodeScore>();
  const visit = (node: TreeNode): RespondentNodeScore | null => {
    const items: number[] = [];
    let count = 0;
    for (const q of node.questions) {
      const v = answers[q];
      if (v === undefined) continue;
      const sc = scorer ? scorer(q, v) : v === null ? null : isSatisfied(v) ? 1 : 0;
      if (sc === null) continue;
      items.push(sc);
      count += 1;
    }
    for (const c of node.children) {
      const s = visit(c);
      if (s) {
        items.push(s.score);
        count += s.answers;
      }
    }
    if (items.length === 0) return null;
    const r = { score: items.reduce((a, b) => a + b, 0) / items.length, answers: count };
    out.set(node.def.code, r);
    return r;
  };
  visit(root);
  return out;
}
