// A preload that times every better-sqlite3 statement by its text (placeholders folded) and writes
// the table, slowest first, to SQL_PRELOAD_OUT (default /tmp/sql-by-statement.txt) every 5 s and on
// exit. For the app server under the bench, or any script:
//   BENCH_SERVER_NODE_OPTIONS="--import=$PWD/bench/sql-preload.mjs" npm run bench -- --only ingest
//   DATABASE_URL=/tmp/x.db node --import ./bench/sql-preload.mjs --import tsx scripts/import-csv.ts forms.csv
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "package.json"));
const Database = require("better-sqlite3");
const out = process.env.SQL_PRELOAD_OUT || "/tmp/sql-by-statement.txt";
const times = new Map();
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (source) {
  const statement = prepare.call(this, source);
  const key = source.replace(/\(\?(, \?)*\)(, \(\?(, \?)*\))*/g, "(…)").replace(/\s+/g, " ").slice(0, 120);
  for (const method of ["run", "all", "get"]) {
    const call = statement[method].bind(statement);
    statement[method] = (...args) => {
      const t = performance.now();
      try {
        return call(...args);
      } finally {
        const e = times.get(key) ?? { n: 0, ms: 0 };
        e.n += 1;
        e.ms += performance.now() - t;
        times.set(key, e);
      }
    };
  }
  return statement;
};
function write() {
  let total = 0;
  for (const v of times.values()) total += v.ms;
  const lines = [`total SQL ${total.toFixed(0)} ms (pid ${process.pid})`];
  for (const [k, v] of [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)) lines.push(`${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(9)} × ${k}`);
  fs.writeFileSync(out, lines.join("\n") + "\n");
}
process.on("exit", write);
process.on("SIGTERM", () => {
  write();
  process.exit(0);
});
setInterval(write, 5000).unref();
