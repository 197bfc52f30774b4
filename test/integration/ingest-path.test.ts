// The fast ingest path (server.mjs serves POST /api/v1/responses with the route's action directly)
// and the bulk insert path (raw multi-row statements, one rollup batch per import): what is
// acknowledged is stored exactly once, retries are replays, bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { csvText, importPaperCsv } from "../../app/services/surveys/import.server";
import { pairDevice } from "../helpers/devices";
import { startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let db: Db;
/** Kiosk submissions carry their paired tablet's token (one per service point). */
const deviceTokens = new Map<string, string>();
beforeAll(async () => {
  // One very fast client per kiosk: the per-device anti-abuse flags are off here (tested in kiosk-devices).
  server = await startServer({ env: { KIOSK_MIN_INTERVAL_SECONDS: "0", KIOSK_MAX_PER_MINUTE: "0" } });
  db = createDb(server.dbPath);
  for (const point of ["MC-BMT", "TTPVHCC-DLK"]) deviceTokens.set(point, (await pairDevice(server, point)).token);
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

const body = (key: string, i: number) => ({
  questionnaire: "sipas-kiosk", servicePoint: ["MC-BMT", "TTPVHCC-DLK"][i % 2], channel: "kiosk", idempotencyKey: key,
  answers: { "kiosk.access": 1 + (i % 5), "kiosk.procedures": 5, "kiosk.servants": 4, "kiosk.results": i % 7 === 0 ? null : 4, "kiosk.feedback": 3 },
  submittedAt: "2023-03-15T09:00:00+07:00",
});
const post = (payload: unknown, headers: Record<string, string> = { "content-type": "application/json" }) => {
  const point = typeof payload === "object" && payload !== null ? (payload as { servicePoint?: unknown }).servicePoint : undefined;
  const token = typeof point === "string" ? deviceTokens.get(point) : undefined;
  return fetch(`${server.url}/api/v1/responses`, {
    method: "POST",
    headers: token ? { "x-device-token": token, ...headers } : headers,
    body: typeof payload === "string" ? payload : JSON.stringify(payload),
  });
};

/** Rows of every table that a submission or an import writes. */
async function counts() {
  const out: Record<string, number> = {};
  for (const t of ["response", "answer", "rollup_question_day", "rollup_node_day", "rollup_question_month", "rollup_node_month", "rollup_question_year", "rollup_node_year"] as const) {
    out[t] = Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow()).c);
  }
  return out;
}

async function rollupTotal(month: string): Promise<number> {
  const r = await db.selectFrom("rollup_question_month").select((eb) => eb.fn.sum<number>("count").as("c")).where("month", "=", month).executeTakeFirst();
  return Number(r?.c ?? 0);
}

describe("POST /api/v1/responses under concurrency", () => {
  it("stores every 2xx exactly once; a concurrent retry of the same key is a replay with the same id", async () => {
    const keys = Array.from({ length: 120 }, (_, i) => `ingest-path-${String(i).padStart(4, "0")}`);
    // Each key sent twice, the two copies racing each other among 30 clients.
    const jobs = keys.flatMap((k, i) => [{ k, i }, { k, i }]);
    const results: Array<{ k: string; status: number; id: number; replay: boolean }> = [];
    let next = 0;
    await Promise.all(Array.from({ length: 30 }, async () => {
      while (next < jobs.length) {
        const { k, i } = jobs[next++];
        const res = await post(body(k, i));
        const json = await res.json();
        results.push({ k, status: res.status, id: json.id, replay: json.replay });
      }
    }));
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(results.filter((r) => r.status === 201).length).toBe(keys.length);
    for (const k of keys) {
      const both = results.filter((r) => r.k === k);
      expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
      expect(both[0].id).toBe(both[1].id);
    }
    const stored = await db.selectFrom("response").select(["id", "idempotency_key"]).where("idempotency_key", "like", "ingest-path-%").execute();
    expect(stored.length).toBe(keys.length);
    expect(new Set(stored.map((r) => r.id))).toEqual(new Set(results.filter((r) => r.status === 201).map((r) => r.id)));
    // Rollups hold exactly the stored answers: 5 per response, NA included (value 0).
    expect(await rollupTotal("2023-03")).toBe(keys.length * 5);
  });

  it("answers bad input on the fast path with a 4xx JSON in Vietnamese and stores nothing", async () => {
    const before = await counts();
    const cases: Array<[Promise<Response>, number, string]> = [
      [post("{ not json"), 400, "invalid_json"],
      [post(body("ingest-path-bad-1", 1), { "content-type": "text/plain" }), 415, "unsupported_media_type"],
      [post({ ...body("ingest-path-bad-2", 1), comment: "x".repeat(70 * 1024) }), 413, "too_large"],
      [post({ ...body("ingest-path-bad-3", 1), comment: "x".repeat(300 * 1024) }), 413, "too_large"],
      [post({ ...body("ingest-path-bad-4", 1), channel: "online", servicePoint: "KHONG-CO" }), 422, "invalid_input"],
    ];
    for (const [res, status, code] of cases) {
      const r = await res;
      expect(r.status).toBe(status);
      const json = await r.json();
      expect(json.error.code).toBe(code);
      expect(json.error.message).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵđêệềếểễôộồốổỗơợờớởỡưựừứửữ]/);
    }
    expect((await fetch(`${server.url}/api/v1/responses`)).status).toBe(405);
    expect(await counts()).toEqual(before);
  });
});

describe("paper import through the bulk path", () => {
  const header = "respondent_id,service_point,submitted_at,procedure_field,access.1,access.2,feedback.1";
  it("changes nothing for a half-valid file, then stores a valid one once with its rollups", async () => {
    const before = await counts();
    const good = Array.from({ length: 40 }, (_, i) => `P-${i},MC-BMT,2023-0${1 + (i % 3)}-1${i % 9},,${1 + (i % 5)},4,NA`);
    const half = [header, ...good.slice(0, 20), "P-99,MC-BMT,2023-01-05,,7,4,4", ...good.slice(20)].join("\n");
    const refused = await importPaperCsv(db, csvText(half));
    expect(refused.ok).toBe(false);
    expect(await counts()).toEqual(before);

    const ok = await importPaperCsv(db, csvText([header, ...good].join("\n")), { batchSize: 7 });
    expect(ok.ok && ok.imported).toBe(40);
    const after = await counts();
    expect(after.response - before.response).toBe(40);
    expect(after.answer - before.answer).toBe(120);
    const total = (await rollupTotal("2023-01")) + (await rollupTotal("2023-02")) + (await rollupTotal("2023-03"));
    // 120 answers of the import plus the 120 × 5 kiosk answers of March 2023 above.
    expect(total).toBe(120 + 120 * 5);
    const again = await importPaperCsv(db, csvText([header, ...good].join("\n")));
    expect(again.ok && again.alreadyPresent).toBe(40);
    expect(await counts()).toEqual(after);
  });
});
