// Where a leader page's SQL time goes (SQLite): runs a dashboard page's service in-process as
// lanhdao.tinh, N times, with every better-sqlite3 statement timed by its SQL text, and prints the
// statements by total time. Complements `npm run bench -- --only pages --profile DIR`, whose CPU
// profile shows the SQLite time as one native frame (Kysely's executeQuery).
//   DATABASE_URL=/tmp/x.db npx tsx bench/sql-time.ts "/dashboard?year=2026" [--reads 5]   (BENCH_PASSWORD= for a database not loaded by the bench)
import Database from "better-sqlite3";
import { createDb } from "../db/client.server";
import { login } from "../app/platform/auth.server";
import { unitDashboard, scopeDashboardPage } from "../app/services/indices/dashboard-pages.server";
import { readComments } from "../app/services/indices/comments.server";
import { commentFilter } from "../app/schemas/comments";
import { requirePermission } from "../app/platform/session.server";

const page = process.argv[2] ?? "/dashboard?year=2026";
const readsIdx = process.argv.indexOf("--reads");
const reads = readsIdx >= 0 ? Number(process.argv[readsIdx + 1]) : 5;

// Time every statement run, by SQL text.
const probe = new Database(":memory:");
const Statement = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<string, unknown>;
probe.close();
const spent = new Map<string, { ms: number; calls: number; rows: number }>();
for (const method of ["all", "get", "run", "iterate"] as const) {
  const original = Statement[method] as (...a: unknown[]) => unknown;
  Statement[method] = function (this: { source: string }, ...a: unknown[]) {
    const t = performance.now();
    const out = original.apply(this, a);
    const e = spent.get(this.source) ?? { ms: 0, calls: 0, rows: 0 };
    e.ms += performance.now() - t;
    e.calls += 1;
    e.rows += Array.isArray(out) ? out.length : 0;
    spent.set(this.source, e);
    return out;
  };
}

const db = createDb();
const { token } = await login(db, { login: "lanhdao.tinh", password: process.env.BENCH_PASSWORD ?? "Bench@2024-only", ip: "127.0.0.1" });
await db.destroy();
const conn = createDb();
const request = () => new Request(`http://127.0.0.1${page}`, { headers: { cookie: `hl_session=${encodeURIComponent(token)}` } });
const url = new URL(request().url);
const run = () => {
  const point = /^\/dashboard\/diem\/([^/?]+)/.exec(url.pathname);
  const agency = /^\/dashboard\/co-quan\/([^/?]+)/.exec(url.pathname);
  if (point) return scopeDashboardPage(request(), { kind: "point", code: point[1] });
  if (agency) return scopeDashboardPage(request(), { kind: "agency", code: agency[1] });
  if (url.pathname === "/y-kien") {
    return requirePermission(request(), "read:indices").then((user) => readComments(conn, user, commentFilter.parse(Object.fromEntries(url.searchParams))));
  }
  return unitDashboard(request());
};
await run();
spent.clear();
const times: number[] = [];
for (let i = 0; i < reads; i++) {
  const t = performance.now();
  await run();
  times.push(performance.now() - t);
}
const sqlMs = [...spent.values()].reduce((a, e) => a + e.ms, 0);
console.log(`${page}: ${reads} reads in-process, ${(times.reduce((a, x) => a + x, 0) / reads).toFixed(1)} ms each (the indices cache is warm after the first read); SQL ${(sqlMs / reads).toFixed(1)} ms each, ${[...spent.values()].reduce((a, e) => a + e.calls, 0) / reads} statements each`);
for (const [sql, e] of [...spent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  console.log(`${(e.ms / reads).toFixed(1).padStart(7)} ms ${String(e.calls / reads).padStart(5)}× ${String(Math.round(e.rows / reads)).padStart(6)} rows  ${sql.replace(/\s+/g, " ").slice(0, 400)}`);
}
process.exit(0);
