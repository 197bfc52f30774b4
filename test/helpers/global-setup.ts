import fs from "node:fs";
import path from "node:path";

/** Integration and e2e tests run the built server: `npm test` builds it first. */
export default function setup() {
  const build = path.resolve("build/server/index.js");
  if (!fs.existsSync(build)) {
    throw new Error("Chưa có bản build (build/server/index.js). Hãy chạy `npm test` (tự build) hoặc `npm run build` trước.");
  }
}
