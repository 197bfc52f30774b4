import type { Kysely } from "kysely";
import { buildTree, type IndexNodeDef, type QuestionDef } from "../../app/domain/index-tree";
import { parseSpec } from "../../app/domain/question-types";
import { responseContribution } from "../../app/domain/rollup";
import { isPostgres } from "./util";

// Frozen: rollups keyed by survey round, so that a round's figures count only the round's own
// responses (docs/decisions/0009-survey-rounds.md). Same counts and sums as rollup_*_month, per
// round, quota unit, service point and month; excluded (and flagged) responses are not in them.
//
// The backfill scores each existing round response with the pure domain rules (app/domain, no
// I/O), the very rule the insert path uses: a rollup must be the sum of what that rule gives each
// response. It only reads rounds that have responses, so on a new database it does nothing.
export async function up(db: Kysely<any>): Promise<void> {
  const real = isPostgres(db) ? "double precision" : "real";
  await db.schema
    .createTable("rollup_round_question")
    .addColumn("round_id", "integer", (c) => c.notNull())
    .addColumn("unit_id", "integer", (c) => c.notNull())
    .addColumn("service_point_id", "integer", (c) => c.notNull())
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("question_code", "text", (c) => c.notNull())
    .addColumn("value", "integer", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_round_question_pk", ["round_id", "unit_id", "service_point_id", "month", "question_code", "value"])
    .execute();
  await db.schema
    .createTable("rollup_round_node")
    .addColumn("round_id", "integer", (c) => c.notNull())
    .addColumn("unit_id", "integer", (c) => c.notNull())
    .addColumn("service_point_id", "integer", (c) => c.notNull())
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("node_code", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("sum", real as "real", (c) => c.notNull())
    .addColumn("sum_sq", real as "real", (c) => c.notNull())
    .addColumn("answers", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_round_node_pk", ["round_id", "unit_id", "service_point_id", "month", "node_code"])
    .execute();
  // The dashboards' "sources" line reads by node and month across rounds.
  await db.schema.createIndex("rollup_round_node_month").on("rollup_round_node").columns(["node_code", "month"]).execute();
  await backfill(db);
}

async function backfill(db: Kysely<any>): Promise<void> {
  const responses: Array<{ id: number; round_id: number; unit_id: number; service_point_id: number; local_day: string; index_code: string }> = await db
    .selectFrom("round_response as rr")
    .innerJoin("response as r", "r.id", "rr.response_id")
    .innerJoin("questionnaire_version as v", "v.id", "r.version_id")
    .innerJoin("questionnaire as q", "q.id", "v.questionnaire_id")
    .select(["r.id", "rr.round_id", "rr.unit_id", "r.service_point_id", "r.local_day", "q.index_code"])
    .where("r.excluded", "=", 0)
    .orderBy("r.id")
    .execute();
  if (responses.length === 0) return;
  const nodeRows: Array<{ code: string; parent: string | null; name: string }> = await db
    .selectFrom("index_node as n").leftJoin("index_node as p", "p.id", "n.parent_id")
    .select(["n.code", "p.code as parent", "n.name"]).execute();
  const nodes: IndexNodeDef[] = nodeRows.map((r) => ({ code: r.code, parent: r.parent, name: r.name }));
  const trees = new Map<string, ReturnType<typeof buildTree>>();
  const treeOf = async (indexCode: string) => {
    let t = trees.get(indexCode);
    if (t) return t;
    const qRows: Array<{ code: string; node_code: string }> = await db
      .selectFrom("question as qu").innerJoin("questionnaire_version as v", "v.id", "qu.version_id").innerJoin("questionnaire as q", "q.id", "v.questionnaire_id")
      .select(["qu.code", "qu.node_code"]).where("q.index_code", "=", indexCode).orderBy("q.id").orderBy("v.version", "desc").execute();
    const seen = new Set<string>();
    const questions: QuestionDef[] = [];
    for (const r of qRows) if (!seen.has(r.code)) { seen.add(r.code); questions.push({ code: r.code, node: r.node_code }); }
    trees.set(indexCode, (t = buildTree(nodes, questions, indexCode)));
    return t;
  };
  const qSums = new Map<string, { key: unknown[]; count: number }>();
  const nSums = new Map<string, { key: unknown[]; v: number[] }>();
  for (let i = 0; i < responses.length; i += 500) {
    const part = responses.slice(i, i + 500);
    const answers: Array<{ response_id: number; code: string; value: number | null; type: string; spec: string | null }> = await db
      .selectFrom("answer as a").innerJoin("question as qu", "qu.id", "a.question_id")
      .select(["a.response_id", "qu.code", "a.value", "qu.type", "qu.spec"])
      .where("a.response_id", "in", part.map((r) => r.id)).execute();
    for (const r of part) {
      const mine = answers.filter((a) => a.response_id === r.id);
      const types = new Map(mine.map((a) => [a.code, { type: a.type, spec: parseSpec(a.spec) }]));
      const values = Object.fromEntries(mine.map((a) => [a.code, a.value])) as Record<string, number | null>;
      const c = responseContribution(await treeOf(r.index_code), values as never, 1, types);
      const base = [r.round_id, r.unit_id, r.service_point_id, r.local_day.slice(0, 7)];
      for (const d of c.questions) {
        const key = [...base, d.questionCode, d.value];
        const s = qSums.get(key.join("|"));
        if (s) s.count += d.count;
        else qSums.set(key.join("|"), { key, count: d.count });
      }
      for (const d of c.nodes) {
        const key = [...base, d.nodeCode];
        const s = nSums.get(key.join("|"));
        if (s) { s.v[0] += d.n; s.v[1] += d.sum; s.v[2] += d.sumSq; s.v[3] += d.answers; }
        else nSums.set(key.join("|"), { key, v: [d.n, d.sum, d.sumSq, d.answers] });
      }
    }
  }
  const qRows = [...qSums.values()].map(({ key: [round_id, unit_id, service_point_id, month, question_code, value], count }) => ({ round_id, unit_id, service_point_id, month, question_code, value, count }));
  const nRows = [...nSums.values()].map(({ key: [round_id, unit_id, service_point_id, month, node_code], v }) => ({ round_id, unit_id, service_point_id, month, node_code, n: v[0], sum: v[1], sum_sq: v[2], answers: v[3] }));
  for (let i = 0; i < qRows.length; i += 200) await db.insertInto("rollup_round_question").values(qRows.slice(i, i + 200)).execute();
  for (let i = 0; i < nRows.length; i += 200) await db.insertInto("rollup_round_node").values(nRows.slice(i, i + 200)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_round_node").execute();
  await db.schema.dropTable("rollup_round_question").execute();
}
