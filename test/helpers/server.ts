import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createDb } from "../../db/client.server";
import { createApiToken } from "../../app/platform/auth.server";
import type { Permission } from "../../app/domain/permissions";

/** Bearer tokens of the demo admin, per started server (origin), used by getJson/postJson. */
const adminTokens = new Map<string, string>();
export const ADMIN_TOKEN_PERMISSIONS: Permission[] = ["read:indices", "export:data", "read:feedback", "read:audit", "read:plans", "enter:feedback"];

function authFor(url: string, headers: Record<string, string>): Record<string, string> {
  if (Object.keys(headers).some((h) => h.toLowerCase() === "authorization")) return headers;
  const token = adminTokens.get(new URL(url).origin);
  return token ? { authorization: `Bearer ${token}`, ...headers } : headers;
}

export interface TestServer {
  url: string;
  /** The demo admin's API token (read:indices, export:data, …). */
  adminToken?: string;
  port: number;
  dir: string;
  dbPath: string;
  proc: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/**
 * When HAILONG_TEST_DATABASE_URL_BASE is set (postgres://user@host:port/, see scripts/test-postgres.mjs),
 * every started server gets its own fresh PostgreSQL database instead of a SQLite file; `dbPath` is then
 * that database's URL (createDb accepts both).
 */
export async function freshPostgresDatabase(): Promise<string | undefined> {
  const base = process.env.HAILONG_TEST_DATABASE_URL_BASE;
  if (!base) return undefined;
  const name = `hl_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: new URL("postgres", base.endsWith("/") ? base : `${base}/`).toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return new URL(name, base.endsWith("/") ? base : `${base}/`).toString();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/**
 * Starts the built server (node server.mjs) on a fresh SQLite file in a temporary folder.
 * By default the demo province is loaded without demo responses (DEMO_RESPONSES=0).
 */
export async function startServer(opts: { demoResponses?: boolean; demoReform?: boolean; env?: Record<string, string>; dbPath?: string } = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-test-"));
  const dbPath = opts.dbPath ?? (await freshPostgresDatabase()) ?? path.join(dir, "test.db");
  const port = await freePort();
  let out = "";
  const proc = spawn(process.execPath, ["server.mjs"], {
    cwd: path.resolve("."),
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: dbPath,
      PORT: String(port),
      HOST: "127.0.0.1",
      DEMO_RESPONSES: opts.demoResponses ? "1" : "0",
      // The demo's 2025 reorganisation (docs/decisions/0012) only where a test asks for today's tree;
      // the other tests run on the 2024 layout they were written for.
      DEMO_REFORM: opts.demoReform ? "1" : "0",
      // Tests post many responses from one address: per-address limits are tested on their own.
      PUBLIC_RATE_LIMIT_RESPONSES: "100000/60",
      PUBLIC_RATE_LIMIT_FEEDBACK: "100000/60",
      PAIRING_RATE_LIMIT: "100000/60",
      PUBLIC_RATE_LIMIT_LOOKUP: "100000/60",
      PUBLIC_RATE_LIMIT_ALL: "0",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      if (out.includes(`LISTENING ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on("data", check);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  proc.removeAllListeners("exit");
  const url = `http://127.0.0.1:${port}`;
  // An API token of the demo admin, so tests can read protected JSON (indices) as a staff tool would.
  const db = createDb(dbPath);
  try {
    const admin = await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirst();
    if (admin) adminTokens.set(url, (await createApiToken(db, admin.id, { name: "tests", permissions: ADMIN_TOKEN_PERMISSIONS, days: 1 }, { userId: null })).token);
  } finally {
    await db.destroy();
  }
  return {
    url,
    adminToken: adminTokens.get(url),
    port,
    dir,
    dbPath,
    proc,
    output: () => out,
    stop: async (signal: NodeJS.Signals = "SIGTERM") => {
      if (proc.exitCode === null && proc.signalCode === null) {
        await new Promise<void>((resolve) => {
          proc.once("exit", () => resolve());
          proc.kill(signal);
        });
      }
    },
  };
}

/** POSTs JSON and returns status and parsed body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: "POST", headers: authFor(url, { "content-type": "application/json", ...headers }), body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}

/** GET JSON; requests to a server started here carry its admin token unless told otherwise. */
export async function getJson(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: authFor(url, headers) });
  return { status: res.status, json: (await res.json()) as any };
}
