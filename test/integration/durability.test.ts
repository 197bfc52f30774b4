// Durability: a server killed with SIGKILL under load loses no acknowledged response and stores
// nothing twice; an online backup (npm run backup) taken under load is consistent.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { pairDevice } from "../helpers/devices";
import { postJson, startServer as startBare, type TestServer } from "../helpers/server";

/** Each server's kiosks: one paired device per service point; per-device flags off (the load is one fast client per point). */
const deviceHeaders = new Map<string, { "x-device-token": string }>();
async function startServer(opts: Parameters<typeof startBare>[0] = {}): Promise<TestServer> {
  const s = await startBare({ ...opts, env: { KIOSK_MIN_INTERVAL_SECONDS: "0", KIOSK_MAX_PER_MINUTE: "0", ...opts.env } });
  if (!opts.dbPath) deviceHeaders.clear(); // a fresh database: pair anew (a restart on the same file keeps its devices)
  for (const point of ["MC-BMT", "TTPVHCC-DLK", "MC-BMT-TANLOI"]) {
    if (!deviceHeaders.has(point)) deviceHeaders.set(point, (await pairDevice(s, point)).headers);
  }
  return s;
}
const kioskPost = (url: string, b: ReturnType<typeof body>) => postJson(url, b, deviceHeaders.get(b.servicePoint));

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

const body = (key: string, i: number) => ({
  questionnaire: "sipas-kiosk",
  servicePoint: ["MC-BMT", "TTPVHCC-DLK", "MC-BMT-TANLOI"][i % 3],
  channel: "kiosk",
  answers: { "kiosk.access": 1 + (i % 5), "kiosk.procedures": 5, "kiosk.servants": 1 + ((i * 3) % 5), "kiosk.results": i % 7 === 0 ? null : 4, "kiosk.feedback": 2 },
  idempotencyKey: key,
});

interface Load {
  /** key → id for every response acknowledged with a 2xx. */
  acked: Map<string, number>;
  /** Every key sent (acknowledged or not). */
  sent: string[];
  /** Answers other than 2xx (there should be none). */
  unexpected: string[];
  stop: () => Promise<void>;
}

/** `workers` clients posting responses back to back until stopped (or the server dies). */
function startLoad(url: string, prefix: string, workers = 12): Load {
  const acked = new Map<string, number>();
  const sent: string[] = [];
  const unexpected: string[] = [];
  let running = true;
  let serial = 0;
  const worker = async () => {
    while (running) {
      const i = serial++;
      const key = `${prefix}-load-${String(i).padStart(6, "0")}`;
      sent.push(key);
      try {
        const r = await kioskPost(`${url}/api/v1/responses`, body(key, i));
        if (r.status >= 200 && r.status < 300) acked.set(key, r.json.id);
        else unexpected.push(`${r.status}: ${r.text}`);
      } catch {
        // Connection refused/reset once the server is killed.
        if (!running) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const all = Promise.all(Array.from({ length: workers }, worker));
  return { acked, sent, unexpected, stop: async () => { running = false; await all; } };
}

/** Waits at least `minMs`, then until `done()` (at most 60 s). */
async function until(done: () => boolean, minMs: number): Promise<void> {
  await new Promise((r) => setTimeout(r, minMs));
  const deadline = Date.now() + 60_000;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/** Rollup totals recounted from raw answers of responses that are not excluded. */
function rollupMismatches(sqlite: Database.Database): unknown[] {
  return sqlite.prepare(`
    WITH raw AS (
      SELECT q.code AS question_code, coalesce(a.value, 0) AS value, count(*) AS c
      FROM answer a JOIN response r ON r.id = a.response_id JOIN question q ON q.id = a.question_id
      WHERE r.excluded = 0 GROUP BY 1, 2),
    roll AS (SELECT question_code, value, sum(count) AS c FROM rollup_question_day GROUP BY 1, 2 HAVING sum(count) <> 0)
    SELECT * FROM raw FULL OUTER JOIN roll USING (question_code, value) WHERE raw.c IS NOT roll.c`).all();
}

describe("durability (SQLite, WAL)", () => {
  it("keeps every acknowledged response exactly once across a SIGKILL", async () => {
    const first = await startServer();
    servers.push(first);
    const load = startLoad(first.url, "kill");
    // Kill in the middle of the load, once enough has been acknowledged (slower on a busy machine).
    await until(() => load.acked.size > 60, 2500);
    const ackedAtKill = load.acked.size;
    first.proc.kill("SIGKILL");
    await load.stop();
    await first.stop();
    expect(ackedAtKill).toBeGreaterThan(50);
    expect(load.unexpected).toEqual([]);
    // A few requests may have been answered between the count and the kill; all of them count.
    const acked = new Map(load.acked);

    const second = await startServer({ dbPath: first.dbPath });
    servers.push(second);
    const sqlite = new Database(first.dbPath, { readonly: true });
    try {
      const rows = sqlite.prepare("SELECT id, idempotency_key AS k FROM response").all() as Array<{ id: number; k: string }>;
      const byKey = new Map(rows.map((r) => [r.k, r.id]));
      expect(byKey.size).toBe(rows.length); // no key stored twice
      for (const [key, id] of acked) expect(byKey.get(key), key).toBe(id);
      // Anything stored beyond the acknowledged ones was in flight at the kill, never invented.
      const sent = new Set(load.sent);
      for (const r of rows) expect(sent.has(r.k), r.k).toBe(true);
      expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(rollupMismatches(sqlite)).toEqual([]);
      const answersPerResponse = sqlite.prepare("SELECT count(*) AS c FROM response r WHERE (SELECT count(*) FROM answer a WHERE a.response_id = r.id) <> 5").get() as { c: number };
      expect(answersPerResponse.c).toBe(0);

      // Replaying every acknowledged key is a replay: same id, status 200, no new row.
      const before = rows.length;
      const keys = [...acked.keys()];
      for (let i = 0; i < keys.length; i += 32) {
        const batch = keys.slice(i, i + 32);
        const res = await Promise.all(batch.map((k) => kioskPost(`${second.url}/api/v1/responses`, body(k, Number(k.split("-").pop())))));
        res.forEach((r, j) => {
          expect(r.status, batch[j]).toBe(200);
          expect(r.json).toEqual({ id: acked.get(batch[j]), replay: true });
        });
      }
      expect((sqlite.prepare("SELECT count(*) AS c FROM response").get() as { c: number }).c).toBe(before);
      // Keys cut off by the kill: a replay stores them once (201) unless they had been committed (200).
      for (const k of load.sent.filter((k) => !acked.has(k))) {
        const r = await kioskPost(`${second.url}/api/v1/responses`, body(k, Number(k.split("-").pop())));
        expect(r.status, k).toBe(byKey.has(k) ? 200 : 201);
        if (byKey.has(k)) expect(r.json.id).toBe(byKey.get(k));
      }
      expect((sqlite.prepare("SELECT count(*) AS c FROM response").get() as { c: number }).c).toBe(new Set(load.sent).size);
      expect(rollupMismatches(sqlite)).toEqual([]);
    } finally {
      sqlite.close();
    }
  }, 120_000);

  it("npm run backup takes a consistent copy while responses keep coming", async () => {
    const server = await startServer();
    servers.push(server);
    const load = startLoad(server.url, "bk", 8);
    await until(() => load.acked.size > 25, 1500);
    const ackedBefore = new Map(load.acked);
    const target = path.join(server.dir, "backup", "hailong-backup.db");
    const cli = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const p = spawn("npx", ["tsx", "scripts/backup.ts", target], {
        cwd: path.resolve("."), env: { ...process.env, DATABASE_URL: server.dbPath, INIT_CWD: "" }, stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      p.stdout.on("data", (d) => (out += d));
      p.stderr.on("data", (d) => (out += d));
      p.on("error", reject);
      p.on("close", (code) => resolve({ code, out }));
    });
    const ackedDuring = load.acked.size - ackedBefore.size;
    await new Promise((r) => setTimeout(r, 300));
    await load.stop();
    expect(load.unexpected).toEqual([]);
    expect(cli.code, cli.out).toBe(0);
    expect(cli.out).toContain("integrity_check: ok");
    expect(ackedBefore.size).toBeGreaterThan(20);
    expect(ackedDuring).toBeGreaterThan(0); // the server kept acknowledging while the copy ran

    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const rows = copy.prepare("SELECT id, idempotency_key AS k FROM response").all() as Array<{ id: number; k: string }>;
      expect(rows.length).toBeGreaterThanOrEqual(ackedBefore.size);
      const byKey = new Map(rows.map((r) => [r.k, r.id]));
      for (const [key, id] of ackedBefore) expect(byKey.get(key), key).toBe(id);
      expect(rollupMismatches(copy)).toEqual([]);
      const nodeN = copy.prepare("SELECT sum(n) AS n FROM rollup_node_day WHERE node_code = 'SIPAS'").get() as { n: number };
      expect(nodeN.n).toBe(rows.length); // every kiosk response has an applicable answer
    } finally {
      copy.close();
    }

    // A second run never overwrites a backup; a PostgreSQL URL is pointed to pg_dump.
    const again = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn("npx", ["tsx", "scripts/backup.ts", target], { cwd: path.resolve("."), env: { ...process.env, DATABASE_URL: server.dbPath, INIT_CWD: "" } });
      let out = "";
      p.stderr.on("data", (d) => (out += d));
      p.on("close", (code) => resolve({ code, out }));
    });
    expect(again.code).toBe(2);
    expect(again.out).toContain("đã có");
    const pgUrl = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn("npx", ["tsx", "scripts/backup.ts", path.join(server.dir, "x.db")], { cwd: path.resolve("."), env: { ...process.env, DATABASE_URL: "postgres://u@localhost/hailong", INIT_CWD: "" } });
      let out = "";
      p.stderr.on("data", (d) => (out += d));
      p.on("close", (code) => resolve({ code, out }));
    });
    expect(pgUrl.code).toBe(2);
    expect(pgUrl.out).toContain("pg_dump");
    expect(fs.existsSync(path.join(server.dir, "x.db"))).toBe(false);
  }, 120_000);
});
