// Bench data loader: fills a fresh SQLite file with the demo province and N random responses
// through the app's own insert path (insertResponses: rows, answers and daily rollups), in big
// transactions, and creates an API token for "admin". Prints one JSON line. Used by scripts/bench.mjs.
//   DATABASE_URL=/tmp/x.db npx tsx bench/load.ts --responses 100000
import { Migrator } from "kysely";
import { createDb, migrateToLatest } from "../db/client.server";
import { migrationProvider } from "../db/migrations/index";
import { createApiToken } from "../app/platform/auth.server";
import { currentVersion, loadIndex } from "../app/services/surveys/questionnaires.server";
import { questionIdMap } from "../app/services/surveys/answers.server";
import { insertResponses, type NewResponse } from "../app/services/surveys/response-store.server";
import { DEMO_REORGANISATIONS, loadDemoAccounts, loadReferenceData, prng } from "../app/services/admin/seed.server";
import { applyReorganisation } from "../app/services/org/reorganisation.server";
import type { AnswerValue } from "../app/domain/index-tree";
import type { Channel } from "../app/domain/channels";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const total = arg("responses", 100_000);
const batchSize = arg("batch", 5000);
// --schema-from NAME: stop the schema at that migration, so that scripts/bench.mjs can run the
// later ones on a copy of the loaded database and count rows before and after.
const schemaFrom = (() => {
  const i = process.argv.indexOf("--schema-from");
  return i >= 0 ? process.argv[i + 1] : "latest";
})();

// --phase before (default): the demo province in its 2024 layout, responses from 1 January 2024 to
// 30 June 2025 at its desks. --phase after: on that database (migrated to the latest schema), the
// demo's 2025 reorganisations applied through their use case, then responses from 1 July 2025 to
// 30 November 2026 at the desks in service then (docs/decisions/0012).
const phase = process.argv.includes("--phase") ? process.argv[process.argv.indexOf("--phase") + 1] : "before";
const db = createDb();
const t0 = Date.now();
if (schemaFrom === "latest" || phase === "after") await migrateToLatest(db);
else {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(schemaFrom);
  if (error) throw error;
}
if (phase === "before") {
  await loadReferenceData(db);
  await loadDemoAccounts(db, "Bench@2024-only");
} else {
  for (const r of DEMO_REORGANISATIONS) {
    const res = await applyReorganisation(db, { text: JSON.stringify(r.file), fileName: r.fileName, actorUserId: null, isDemo: true });
    if (!res.ok) throw new Error(`${r.fileName}: ${res.errors.map((e) => e.message).join("; ")}`);
  }
}
const span = phase === "before" ? { from: Date.UTC(2024, 0, 1), days: 547 } : { from: Date.UTC(2025, 6, 1), days: 518 };
const kiosk = (await currentVersion(db, "sipas-kiosk"))!;
const full = (await currentVersion(db, "sipas"))!;
const { tree } = await loadIndex(db, "SIPAS");
const qids = new Map([...questionIdMap(kiosk), ...questionIdMap(full)]);
// The desks in service in the phase's months (the 2024 layout's before, today's after).
const points = phase === "before"
  ? await db.selectFrom("service_point").select(["id", "code"]).orderBy("id").execute()
  : await db.selectFrom("service_point").select(["id", "code"]).where("valid_to", "is", null).orderBy("id").execute();
const rnd = prng(phase === "before" ? 7 : 8);
const value = (): AnswerValue => (rnd() < 0.05 ? null : rnd() < 0.78 ? (rnd() < 0.6 ? 4 : 5) : ((1 + Math.floor(rnd() * 3)) as 1 | 2 | 3));
// About 3 % of responses carry a general comment (the comments view, /y-kien, lists them); some
// hold a phone number or an e-mail address, which the view masks.
const COMMENTS = [
  "Cán bộ hướng dẫn tận tình, thủ tục nhanh.",
  "Phải chờ lâu, đề nghị bố trí thêm quầy vào buổi sáng.",
  "Hồ sơ bị trả lại hai lần vì thiếu giấy tờ, mong hướng dẫn rõ hơn ngay từ đầu. Liên hệ 0912345678.",
  "Nhà vệ sinh chưa sạch, ghế chờ không đủ.",
  "Trả kết quả đúng hẹn, cảm ơn. Email: nguoidan@example.com",
];
const tSeed = Date.now();
let made = 0;
while (made < total) {
  const items: NewResponse[] = [];
  for (let i = 0; i < batchSize && made < total; i++, made++) {
    const r = rnd();
    const channel: Channel = r < 0.7 ? "kiosk" : r < 0.9 ? "online" : "paper";
    const version = channel === "kiosk" ? kiosk : full;
    const answers: Record<string, AnswerValue> = {};
    for (const q of version.questions) answers[q.code] = value();
    const point = points[Math.floor(rnd() * points.length)];
    // The phase's days, working hours, Vietnam time.
    const day = span.from + Math.floor(rnd() * span.days) * 86400_000 + (1 + Math.floor(rnd() * 9)) * 3600_000;
    items.push({
      versionId: version.id, servicePointId: point.id, channel, procedureField: null,
      dossierCode: channel === "online" ? `B-${phase}-${made}` : null, respondentKey: channel === "paper" ? `B-${phase}-${made}` : null,
      submittedAt: new Date(day).toISOString(), idempotencyKey: `bench-seed-${phase}-${made}`,
      comment: rnd() < 0.03 ? COMMENTS[Math.floor(rnd() * COMMENTS.length)] : null, isDemo: true, answers,
    });
  }
  await db.transaction().execute((trx) => insertResponses(trx, tree, qids, items));
}
const seedMs = Date.now() - tSeed;
const admin = await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow();
const { token } = await createApiToken(db, admin.id, { name: "bench", permissions: ["read:indices"], days: 1 }, { userId: null });
await db.destroy();
console.log(JSON.stringify({ responses: total, seedMs, totalMs: Date.now() - t0, token, schemaFrom, phase }));
