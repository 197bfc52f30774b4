// Performance bench (not part of npm test): npm run bench [-- --responses 100000] [--duration 20]
// Builds, loads N responses into a fresh SQLite file through the app's insert path (bench/load.ts),
// starts the real server and measures: HTTP ingest (autocannon, 32 clients) against a bare
// node:http + better-sqlite3 baseline, GET /api/v1/indices latency against a naive scan of raw
// answers, the CSV import rate (scripts/import-csv.ts on 20,000 rows) and the server's peak RSS.
// Writes bench/results.json and the table between the bench markers of docs/performance.md.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import Database from "better-sqlite3";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const RESPONSES = Number(arg("responses", "100000"));
const DURATION = Number(arg("duration", "20"));
const CONNECTIONS = Number(arg("connections", "32"));
const IMPORT_ROWS = Number(arg("import-rows", "20000"));
const GOALS = { ingestPerSec: 1500, ingestVsBaseline: 0.5, indicesP95Ms: 50, importRowsPerSec: 20000, rssMb: 300 };

const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-bench-"));
const dbPath = path.join(dir, "bench.db");

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on("error", reject);
  });
}

async function startProc(args, env) {
  const port = await freePort();
  const proc = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout.on("data", (d) => (out += d));
  proc.stderr.on("data", (d) => (out += d));
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`did not start:\n${out}`)), 60_000);
    proc.stdout.on("data", () => { if (out.includes(`LISTENING ${port}`)) { clearTimeout(t); resolve(); } });
    proc.on("exit", (c) => { clearTimeout(t); reject(new Error(`exited ${c}:\n${out}`)); });
  });
  proc.removeAllListeners("exit");
  return {
    url: `http://127.0.0.1:${port}`, proc,
    peakRssMb: () => {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, "utf8"));
      return m ? Number(m[1]) / 1024 : null;
    },
    stop: () => new Promise((resolve) => { if (proc.exitCode !== null) return resolve(); proc.once("exit", resolve); proc.kill("SIGTERM"); }),
  };
}

const BENCH_POINTS = ["MC-BMT", "TTPVHCC-DLK", "MC-BMT-TANLOI"];
/** Device tokens of the kiosks paired by bench/load.ts (point → token). */
let deviceTokens = {};
const kioskBody = (key, i) => JSON.stringify({
  questionnaire: "sipas-kiosk", servicePoint: BENCH_POINTS[i % 3], channel: "kiosk",
  answers: { "kiosk.access": 1 + (i % 5), "kiosk.procedures": 5, "kiosk.servants": 4, "kiosk.results": i % 7 === 0 ? null : 4, "kiosk.feedback": 3 },
  idempotencyKey: key,
});

/** 32 clients for DURATION s, every request with a fresh idempotency key. */
async function ingest(url, prefix) {
  let serial = 0;
  const result = await autocannon({
    url: `${url}/api/v1/responses`, connections: CONNECTIONS, duration: DURATION, method: "POST",
    headers: { "content-type": "application/json" },
    requests: [{ method: "POST", setupRequest: (req) => { const i = serial++; return { ...req, headers: { ...req.headers, "x-device-token": deviceTokens[BENCH_POINTS[i % 3]] ?? "" }, body: kioskBody(`${prefix}-${String(i).padStart(8, "0")}`, i) }; } }],
  });
  // autocannon stops at the deadline without waiting for the requests in flight (at most one per
  // connection): those may be stored without a 2xx having been counted.
  const inFlightAtStop = Math.max(0, serial - result["2xx"] - result.non2xx - result.errors);
  return {
    ok2xx: result["2xx"], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, inFlightAtStop,
    perSec: result["2xx"] / DURATION, p50: result.latency.p50, p99: result.latency.p99,
  };
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };

async function main() {
  const t0 = Date.now();
  log("build: npx remix build");
  run("npx", ["remix", "build"]);

  log(`loading ${RESPONSES} responses into ${dbPath} (bench/load.ts, app insert path)`);
  const loaded = JSON.parse(run("npx", ["tsx", "bench/load.ts", "--responses", String(RESPONSES)], { DATABASE_URL: dbPath }).trim().split("\n").pop());
  log(`loaded in ${(loaded.seedMs / 1000).toFixed(1)} s (${Math.round(RESPONSES / (loaded.seedMs / 1000))} responses/s)`);

  deviceTokens = loaded.devices ?? {};
  // Per-device flags off: the bench is one very fast client per kiosk, which would be flagged (and still stored).
  const server = await startProc(["server.mjs"], { NODE_ENV: "production", DATABASE_URL: dbPath, DEMO_RESPONSES: "0", JOBS: "0", KIOSK_MIN_INTERVAL_SECONDS: "0", KIOSK_MAX_PER_MINUTE: "0" });
  const results = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, responses: RESPONSES, load: loaded.seedMs };
  try {
    // Indices latency, province and one year, warm.
    const auth = { authorization: `Bearer ${loaded.token}` };
    const indicesUrl = `${server.url}/api/v1/indices?unit=DLK&year=2024`;
    const first = await fetch(indicesUrl, { headers: auth });
    if (first.status !== 200) throw new Error(`indices: ${first.status} ${await first.text()}`);
    const apiBody = await first.json();
    const times = [];
    // 100 sequential requests, or as many as fit in 20 s when each is slow.
    const until = Date.now() + 20_000;
    for (let i = 0; i < 100 && (i < 10 || Date.now() < until); i++) {
      const t = performance.now();
      const r = await fetch(indicesUrl, { headers: auth });
      await r.arrayBuffer();
      times.push(performance.now() - t);
    }
    const naive = new Database(dbPath, { readonly: true });
    const naiveSql = naive.prepare(`
      SELECT q.code, sum(a.value >= 4) AS satisfied, count(a.value) AS total
      FROM answer a JOIN response r ON r.id = a.response_id JOIN question q ON q.id = a.question_id
      WHERE r.local_day BETWEEN '2024-01-01' AND '2024-12-31' AND r.excluded = 0
      GROUP BY q.code`);
    const naiveTimes = [];
    let naiveRows;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      naiveRows = naiveSql.all();
      naiveTimes.push(performance.now() - t);
    }
    naive.close();
    const q1 = naiveRows.find((r) => r.code === "access.1");
    const apiQ1 = apiBody.nodes[0].children.find((c) => c.code === "access").children.find((c) => c.code === "access.1");
    results.indices = {
      requests: times.length, p50: pct(times, 50), p95: pct(times, 95), naiveScanP50: pct(naiveTimes, 50), naiveScanP95: pct(naiveTimes, 95),
      sameFigure: Math.abs(apiQ1.value - q1.satisfied / q1.total) < 1e-12 && apiQ1.n === q1.total,
    };
    results.indices.speedup = results.indices.naiveScanP50 / results.indices.p50;
    log("indices", results.indices);

    log(`ingest: ${CONNECTIONS} clients × ${DURATION} s on ${server.url}`);
    const app = await ingest(server.url, "bench-http");
    const check = new Database(dbPath, { readonly: true });
    app.stored = check.prepare("SELECT count(*) AS c FROM response WHERE idempotency_key LIKE 'bench-http-%'").get().c;
    check.close();
    // Every 2xx is stored; the only extra rows are requests cut off in flight when the run stopped.
    app.storedEqualsAcked = app.stored >= app.ok2xx && app.stored - app.ok2xx <= app.inFlightAtStop;
    results.ingest = app;
    log("ingest", app);

    log(`import: ${IMPORT_ROWS} CSV rows via scripts/import-csv.ts`);
    const codes = ["access.1", "access.2", "access.3", "access.4", "procedures.1", "procedures.2", "procedures.3", "procedures.4", "procedures.5",
      "servants.1", "servants.2", "servants.3", "servants.4", "servants.5", "servants.6", "results.1", "results.2", "results.3",
      "feedback.1", "feedback.2", "feedback.3", "feedback.4"];
    const lines = [["respondent_id", "service_point", "submitted_at", "procedure_field", ...codes].join(",")];
    const pts = ["MC-BMT", "TTPVHCC-DLK", "MC-BMT-TANLOI"];
    for (let i = 0; i < IMPORT_ROWS; i++) {
      const m = String(1 + (i % 12)).padStart(2, "0");
      const d = String(1 + (i % 28)).padStart(2, "0");
      lines.push([`BENCH-${i}`, pts[i % 3], `2025-${m}-${d}`, "", ...codes.map((_, k) => ((i + k) % 9 === 0 ? "NA" : String(1 + ((i * 7 + k) % 5))))].join(","));
    }
    const csv = path.join(dir, "paper.csv");
    fs.writeFileSync(csv, lines.join("\n") + "\n");
    const ti = Date.now();
    const out = run("npx", ["tsx", "scripts/import-csv.ts", csv], { DATABASE_URL: dbPath });
    const wallMs = Date.now() - ti;
    const m = /\(([\d.]+) dòng\/giây\)/.exec(out);
    results.import = { rows: IMPORT_ROWS, wallMs, wallRowsPerSec: IMPORT_ROWS / (wallMs / 1000), reportedRowsPerSec: m ? Number(m[1].replace(/\./g, "")) : null };
    log("import", results.import);
    results.serverPeakRssMb = server.peakRssMb();
  } finally {
    await server.stop();
  }

  log("baseline: node:http + better-sqlite3");
  const base = await startProc(["bench/baseline-server.mjs"], { BASELINE_DB: path.join(dir, "baseline.db") });
  try {
    const b = await ingest(base.url, "bench-base");
    const check = new Database(path.join(dir, "baseline.db"), { readonly: true });
    b.stored = check.prepare("SELECT count(*) AS c FROM response").get().c;
    check.close();
    results.baseline = b;
    results.ingest.vsBaseline = results.ingest.perSec / b.perSec;
    log("baseline", b);
  } finally {
    await base.stop();
  }
  results.totalSeconds = (Date.now() - t0) / 1000;
  results.goals = GOALS;
  results.met = {
    ingest: results.ingest.perSec >= GOALS.ingestPerSec,
    ingestVsBaseline: results.ingest.vsBaseline >= GOALS.ingestVsBaseline,
    storedEqualsAcked: results.ingest.storedEqualsAcked,
    indicesP95: results.indices.p95 < GOALS.indicesP95Ms,
    import: (results.import.reportedRowsPerSec ?? results.import.wallRowsPerSec) >= GOALS.importRowsPerSec,
    rss: results.serverPeakRssMb !== null && results.serverPeakRssMb < GOALS.rssMb,
  };
  fs.mkdirSync(path.join(root, "bench"), { recursive: true });
  // The default run (100,000) writes bench/results.json; other sizes get their own file and table.
  fs.writeFileSync(path.join(root, "bench", RESPONSES === 100000 ? "results.json" : `results-${RESPONSES}.json`), JSON.stringify(results, null, 2) + "\n");
  writeDoc(results);
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(results, null, 2));
}

function writeDoc(r) {
  const f = (x, d = 0) => (x === null || x === undefined ? "—" : Number(x).toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }));
  const yes = (b) => (b ? "yes" : "**no**");
  const table = [
    `Run: ${r.date.slice(0, 16).replace("T", " ")} UTC, ${f(r.responses)} responses preloaded, Node ${r.node}, ${r.cpus} × ${r.cpuModel}, total ${f(r.totalSeconds)} s (\`npm run bench -- --responses ${r.responses}\`).`,
    "",
    "| Measure | Result | Goal | Met |",
    "|---|---|---|---|",
    `| HTTP ingest, kiosk responses, ${CONNECTIONS} clients × ${DURATION} s | ${f(r.ingest.perSec)} responses/s (p50 ${f(r.ingest.p50)} ms, p99 ${f(r.ingest.p99)} ms) | ≥ ${f(GOALS.ingestPerSec)}/s | ${yes(r.met.ingest)} |`,
    `| Bare baseline (node:http + better-sqlite3), same load | ${f(r.baseline.perSec)} responses/s (p50 ${f(r.baseline.p50)} ms, p99 ${f(r.baseline.p99)} ms) | — | — |`,
    `| App ÷ baseline | ${f(r.ingest.vsBaseline, 2)} | ≥ 0.50 | ${yes(r.met.ingestVsBaseline)} |`,
    `| Rows stored vs 2xx answers | ${f(r.ingest.stored)} stored, ${f(r.ingest.ok2xx)} 2xx, ${f(r.ingest.inFlightAtStop)} in flight at the deadline (non-2xx ${f(r.ingest.non2xx)}, errors ${f(r.ingest.errors)}) | 2xx ≤ stored ≤ 2xx + in flight | ${yes(r.met.storedEqualsAcked)} |`,
    `| GET /api/v1/indices, province, 2024 | p50 ${f(r.indices.p50, 1)} ms, p95 ${f(r.indices.p95, 1)} ms | p95 < 50 ms | ${yes(r.met.indicesP95)} |`,
    `| Naive scan of raw answers (criteria rates only) | p50 ${f(r.indices.naiveScanP50, 1)} ms, p95 ${f(r.indices.naiveScanP95, 1)} ms; naive scan ÷ indices API = ${f(r.indices.speedup, 2)}; same access.1 figure: ${r.indices.sameFigure ? "yes" : "no"} | — | — |`,
    `| CSV import (${f(r.import.rows)} rows, scripts/import-csv.ts) | ${f(r.import.reportedRowsPerSec)} rows/s reported by the CLI; ${f(r.import.wallRowsPerSec)} rows/s wall clock incl. tsx start-up | ≥ 20,000 rows/s | ${yes(r.met.import)} |`,
    `| Server peak RSS (VmHWM) | ${f(r.serverPeakRssMb)} MB | < 300 MB | ${yes(r.met.rss)} |`,
    `| Bulk load through insertResponses (bench/load.ts) | ${f(r.responses / (r.load / 1000))} responses/s | — | — |`,
  ].join("\n");
  const doc = path.join(root, "docs", "performance.md");
  const tag = r.responses === 100000 ? "" : `:${r.responses}`;
  const start = `<!-- bench:start${tag} -->`;
  const end = `<!-- bench:end${tag} -->`;
  let text = fs.existsSync(doc) ? fs.readFileSync(doc, "utf8") : `# Performance\n\n${start}\n${end}\n`;
  if (!text.includes(start)) text += `\n${start}\n${end}\n`;
  text = text.slice(0, text.indexOf(start) + start.length) + "\n" + table + "\n" + text.slice(text.indexOf(end));
  fs.writeFileSync(doc, text);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
