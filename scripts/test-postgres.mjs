// npm run test:postgres: run the integration suite against a throwaway PostgreSQL cluster
// (scripts/pg-cluster.mjs: initdb/pg_ctl from Debian's `postgresql` package, installed
// automatically when running as root; a temporary folder, a free port), builds the app, runs the
// integration tests that work over HTTP/Kysely with HAILONG_TEST_DATABASE_URL_BASE set (test/helpers/server.ts then gives every started server its
// own fresh database), and always stops the cluster and deletes the folder.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { startCluster } from "./pg-cluster.mjs";

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

const t0 = Date.now();
const cluster = await startCluster();
const base = cluster.base;
console.log(`PostgreSQL ready at ${base} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
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
    cluster.stop();
    process.exit(130);
  });
}

const run = (args, extraEnv = {}) => spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
if (process.env.SKIP_BUILD !== "1") {
  const r = run(["node_modules/@remix-run/dev/dist/cli.js", "vite:build"]);
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
cluster.stop();
process.exit(status);
