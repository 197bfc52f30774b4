// npm start: build the app, then serve it (server.mjs migrates and seeds the demo province when empty).
import { spawnSync, spawn } from "node:child_process";
import { SERVER_NODE_FLAGS } from "./server-flags.mjs";

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (process.env.SKIP_BUILD !== "1") {
  console.log("Đang build giao diện (remix vite:build)…");
  run(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"]);
}
const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, "server.mjs"], { stdio: "inherit", env: { NODE_ENV: "production", ...process.env } });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
