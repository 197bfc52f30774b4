import type { Kysely } from "kysely";

// Frozen (issue 17): the feedback-handling criteria follow the screening question "Ông/Bà đã từng
// gửi phản ánh, kiến nghị chưa?". An existing database gets on its feedback criteria (node
// "feedback" of the sipas and sipas-kiosk questionnaires) what a new one is seeded with: a
// `screen` in the question's spec, merged into what the spec already holds. A spec that already
// names a screen is left alone. No stored answer changes.
const SCREEN = { key: "feedback-sent", text: "Ông/Bà đã từng gửi phản ánh, kiến nghị chưa?", textEn: "Have you ever sent feedback or a petition?" };

export async function up(db: Kysely<any>): Promise<void> {
  const rows = await db
    .selectFrom("question as q")
    .innerJoin("questionnaire_version as qv", "qv.id", "q.version_id")
    .innerJoin("questionnaire as qn", "qn.id", "qv.questionnaire_id")
    .select(["q.id", "q.spec"])
    .where("qn.code", "in", ["sipas", "sipas-kiosk"])
    .where("q.node_code", "=", "feedback")
    .execute();
  for (const r of rows as Array<{ id: number; spec: string | null }>) {
    let spec: Record<string, unknown> = {};
    try {
      spec = r.spec ? (JSON.parse(r.spec) as Record<string, unknown>) : {};
    } catch {
      continue; // an unreadable spec is not ours to rewrite
    }
    if (spec.screen) continue;
    await db.updateTable("question").set({ spec: JSON.stringify({ ...spec, screen: SCREEN }) }).where("id", "=", r.id).execute();
  }
}

export async function down(): Promise<void> {
  // The screen stays in the specs (it changes no stored answer).
}
