// npm test: make sure Chromium is there (install Debian's package as root), lint (an error stops here),
// build, run every test project (unit, integration against the real server, e2e in real Chromium),
// print a summary line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Không tìm thấy Chromium tại ${chromium}. Hãy cài gói Debian: sudo apt-get update && sudo apt-get install -y chromium`);
    console.error(`Chromium not found at ${chromium}. Install Debian's package: sudo apt-get update && sudo apt-get install -y chromium`);
    process.exit(1);
  }
  console.log("Đang cài Chromium (apt-get install chromium)…");
  for (const args of [["update"], ["install", "-y", "chromium"]]) {
    const r = spawnSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const run = (args, extraEnv = {}) => spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
fs.mkdirSync(".tmp", { recursive: true });
// The cache (in .tmp/) only speeds up a second run on the same checkout; a clean clone lints every file.
let r = run(["node_modules/eslint/bin/eslint.js", "--cache", "--cache-location", ".tmp/eslintcache", "."]);
if (r.status !== 0) {
  console.error("Lỗi lint: sửa trước khi chạy kiểm thử (npm run lint). / Lint errors: fix them first (npm run lint).");
  process.exit(r.status ?? 1);
}
r = run(["node_modules/@remix-run/dev/dist/cli.js", "vite:build"]);
if (r.status !== 0) process.exit(r.status ?? 1);

const report = ".tmp/vitest-report.json";
r = run(["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)]);
try {
  const j = JSON.parse(fs.readFileSync(report, "utf8"));
  console.log(`\n${j.numPassedTests} passed, ${j.numFailedTests} failed`);
  // A file whose setup failed runs none of its tests: say so, or "0 failed" would hide it.
  if (j.numFailedTestSuites > 0) console.log(`${j.numFailedTestSuites} test file(s) failed (see above), some of them before their tests ran`);
  if (j.numTotalTests === 0) {
    console.error("Không có bài kiểm thử nào chạy.");
    process.exit(1);
  }
} catch {
  // The runner's own exit code still decides.
}
process.exit(r.status ?? 1);
