// npm run test:postgres: run the integration suite against a throwaway PostgreSQL cluster.
// Finds initdb/pg_ctl (Debian's `postgresql` package; installed automatically when running as
// root), creates a cluster in a temporary folder, starts it on a free port (unix sockets in that
// folder), builds the app, runs the integration tests that work over HTTP/Kysely with
// HAILONG_TEST_DATABASE_URL_BASE set (test/helpers/server.ts then gives every started server its
// own fresh database), and always stops the cluster and deletes the folder.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * Every integration test file runs on PostgreSQL except these (SQLite only): files that open the
 * server's database file with better-sqlite3 before any test (admin, feedback-public), that work
 * on their own SQLite files in-process with createDb(path) (feedback-service,
 * questionnaire-versions, rollups), and the SQLite durability/backup tests (durability).
 */
const SQLITE_ONLY_FILES = ["admin", "feedback-public", "feedback-service", "questionnaire-versions", "rollups", "durability"].map((f) => `test/integration/${f}.test.ts`);
const POSTGRES_TESTS = fs
  .readdirSync("test/integration")
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => `test/integration/${f}`)
  .filter((f) => !SQLITE_ONLY_FILES.includes(f))
  .sort();
/** Single tests in those files that read or write the SQLite file with better-sqlite3: not run here. */
const SQLITE_ONLY_TESTS = [
  "ends a session at its expiry",
  "stores passwords only as scrypt hashes",
  "stores a valid response: 201",
  "answers a replay of the same idempotency key",
  "rates a dossier once: a second response with another key",
  "kinds of bad input with a 4xx JSON error in Vietnamese",
];
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const testNamePattern = `^(?!.*(?:${SQLITE_ONLY_TESTS.map(escapeRe).join("|")}))`;

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function findBin(name) {
  const roots = fs.existsSync("/usr/lib/postgresql")
    ? fs
        .readdirSync("/usr/lib/postgresql")
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => path.join("/usr/lib/postgresql", v, "bin"))
    : [];
  for (const dir of [...roots, ...(process.env.PATH ?? "").split(path.delimiter)]) {
    const p = path.join(dir, name);
    if (dir && fs.existsSync(p)) return p;
  }
  return undefined;
}

let initdb = findBin("initdb");
let pgCtl = findBin("pg_ctl");
if (!initdb || !pgCtl) {
  if (!isRoot) {
    console.error("Không tìm thấy PostgreSQL (initdb, pg_ctl). Hãy cài gói Debian: sudo apt-get update && sudo apt-get install -y postgresql");
    console.error("PostgreSQL (initdb, pg_ctl) not found. Install Debian's package: sudo apt-get update && sudo apt-get install -y postgresql");
    process.exit(1);
  }
  console.log("Đang cài PostgreSQL (apt-get install postgresql)…");
  for (const args of [["update"], ["install", "-y", "postgresql"]]) {
    const r = spawnSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  initdb = findBin("initdb");
  pgCtl = findBin("pg_ctl");
  if (!initdb || !pgCtl) {
    console.error("Đã cài postgresql nhưng vẫn không thấy initdb/pg_ctl trong /usr/lib/postgresql/*/bin.");
    process.exit(1);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

// initdb refuses to run as root: run the cluster as the `postgres` OS user then.
const pgUser = isRoot ? "postgres" : os.userInfo().username;
function asPgUser(cmd, args, opts = {}) {
  const full = isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  return spawnSync(full[0], full[1], { encoding: "utf8", ...opts });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-pg-"));
fs.chmodSync(dir, 0o755);
const dataDir = path.join(dir, "data");
const sockDir = path.join(dir, "sock");
fs.mkdirSync(sockDir);
if (isRoot) spawnSync("chown", ["-R", "postgres:postgres", dir]);

let started = false;
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  if (started) asPgUser(pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "stop"], { stdio: "ignore" });
  fs.rmSync(dir, { recursive: true, force: true });
}
process.on("exit", cleanup);
let current; // the running vitest, if any
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    // vitest runs in its own process group: end it with its workers and the servers they started.
    if (current && current.exitCode === null) {
      try {
        process.kill(-current.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    cleanup();
    process.exit(130);
  });
}

function fail(msg, r) {
  console.error(msg);
  if (r) console.error(`${r.stdout ?? ""}${r.stderr ?? ""}${r.error ?? ""}`);
  process.exit(1);
}

const t0 = Date.now();
let r = asPgUser(initdb, ["-D", dataDir, "-U", pgUser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
if (r.status !== 0) fail("initdb thất bại / initdb failed", r);

const port = await freePort();
const opts = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${sockDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
r = asPgUser(pgCtl, ["-D", dataDir, "-l", path.join(dir, "postgres.log"), "-o", opts, "-w", "-t", "60", "start"]);
if (r.status !== 0) {
  let log = "";
  try {
    log = fs.readFileSync(path.join(dir, "postgres.log"), "utf8");
  } catch {
    // no log written
  }
  fail(`Không khởi động được PostgreSQL / could not start PostgreSQL\n${log}`, r);
}
started = true;
const base = `postgres://${pgUser}@127.0.0.1:${port}/`;
console.log(`PostgreSQL ready at ${base} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);

const run = (args, extraEnv = {}) => spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
if (process.env.SKIP_BUILD !== "1") {
  r = run(["node_modules/@remix-run/dev/dist/cli.js", "vite:build"]);
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const custom = process.argv.slice(2).length > 0;
const files = custom ? process.argv.slice(2) : POSTGRES_TESTS;
console.log(`Integration tests on PostgreSQL:\n  ${files.join("\n  ")}`);
console.log(`Not run here (they use the SQLite file directly):\n  ${[...(custom ? [] : SQLITE_ONLY_FILES), ...SQLITE_ONLY_TESTS].join("\n  ")}`);
const filter = ["--testNamePattern", testNamePattern];
// Run vitest asynchronously so that ctrl-c / SIGTERM reach the handlers above and the cluster is removed.
// One retry: the XLSX upload test (paper-upload.test.ts, "an XLSX filled in from the downloaded
// template") failed once in a clean CI run on PostgreSQL and passed in every run before and after,
// alone and in the whole suite; its cause is not found yet. A retried test still has to pass in full,
// and vitest reports it as retried ("retry x1") so the flake stays visible.
const vitest = spawn(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--project", "integration", "--retry=1", ...filter, ...files], {
  stdio: "inherit",
  detached: true,
  env: { ...process.env, HAILONG_TEST_DATABASE_URL_BASE: base },
});
current = vitest;
const status = await new Promise((resolve) => vitest.on("exit", (code) => resolve(code ?? 1)));
current = undefined;
console.log(`test:postgres ${status === 0 ? "passed" : "FAILED"} in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
cleanup();
process.exit(status);
