// A throwaway PostgreSQL cluster in a temporary folder, for `npm run test:postgres` and
// `npm run bench -- --postgres`. Finds initdb/pg_ctl (Debian's `postgresql` package; installed
// automatically when running as root), creates a cluster, starts it on a free port (unix sockets in
// that folder) and stops it and deletes the folder on stop() or when the process exits.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

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

/** initdb and pg_ctl, installing Debian's package when running as root; exits with a message otherwise. */
function postgresBinaries() {
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
  return { initdb, pgCtl };
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

function fail(msg, r) {
  console.error(msg);
  if (r) console.error(`${r.stdout ?? ""}${r.stderr ?? ""}${r.error ?? ""}`);
  process.exit(1);
}

/**
 * Starts a cluster. `settings` are server settings (`-c name=value`); the default is the test
 * suite's (no fsync: fast, not durable). Returns { base: "postgres://user@127.0.0.1:port/", dir,
 * pid(), stop() }. The cluster is also stopped when this process exits.
 */
export async function startCluster({ settings = { fsync: "off", synchronous_commit: "off", full_page_writes: "off", max_connections: "300" }, prefix = "hailong-pg-" } = {}) {
  const { initdb, pgCtl } = postgresBinaries();
  // initdb refuses to run as root: run the cluster as the `postgres` OS user then.
  const pgUser = isRoot ? "postgres" : os.userInfo().username;
  const asPgUser = (cmd, args, opts = {}) => {
    const full = isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
    return spawnSync(full[0], full[1], { encoding: "utf8", ...opts });
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  const dataDir = path.join(dir, "data");
  const sockDir = path.join(dir, "sock");
  fs.mkdirSync(sockDir);
  if (isRoot) spawnSync("chown", ["-R", "postgres:postgres", dir]);

  let started = false;
  let cleaned = false;
  const stop = () => {
    if (cleaned) return;
    cleaned = true;
    if (started) asPgUser(pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "stop"], { stdio: "ignore" });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);

  let r = asPgUser(initdb, ["-D", dataDir, "-U", pgUser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
  if (r.status !== 0) {
    stop();
    fail("initdb thất bại / initdb failed", r);
  }
  const port = await freePort();
  const opts = [`-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${sockDir}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(" ");
  r = asPgUser(pgCtl, ["-D", dataDir, "-l", path.join(dir, "postgres.log"), "-o", opts, "-w", "-t", "60", "start"]);
  if (r.status !== 0) {
    let log = "";
    try {
      log = fs.readFileSync(path.join(dir, "postgres.log"), "utf8");
    } catch {
      // no log written
    }
    stop();
    fail(`Không khởi động được PostgreSQL / could not start PostgreSQL\n${log}`, r);
  }
  started = true;
  /** The postmaster's process id (first line of postmaster.pid). */
  const pid = () => Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  return { base: `postgres://${pgUser}@127.0.0.1:${port}/`, dir, pid, stop };
}
