// Online backup of the SQLite database while the server keeps serving: npm run backup -- <file>
// Uses SQLite's backup API (better-sqlite3 db.backup): the copy is one consistent snapshot, and
// writers are not blocked for the whole copy. Exit codes: 0 done, 2 usage, 3 backup failed.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databaseUrl, isPostgresUrl } from "../db/client.server";

const USAGE = `Cách dùng: npm run backup -- <tệp-sao-lưu.db>
  Sao lưu trực tuyến CSDL SQLite ${databaseUrl()} (đặt DATABASE_URL để chọn CSDL khác) trong khi máy chủ vẫn chạy.`;

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--");
  if (args.includes("-h") || args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 1) {
    console.error(args.length === 0 ? "Thiếu tên tệp sao lưu." : "Chỉ ghi một tệp sao lưu mỗi lần.");
    console.error(USAGE);
    return 2;
  }
  const url = databaseUrl();
  if (isPostgresUrl(url)) {
    console.error("DATABASE_URL trỏ tới PostgreSQL: hãy sao lưu bằng pg_dump, ví dụ `pg_dump --format=custom --file=hailong.dump \"$DATABASE_URL\"` (xem docs/deploy.md).");
    return 2;
  }
  const source = url.replace(/^file:/, "");
  if (!fs.existsSync(source)) {
    console.error(`Không tìm thấy CSDL "${source}".`);
    return 2;
  }
  // `npm run backup -- x.db` runs in the project folder; npm keeps the caller's folder in INIT_CWD.
  const target = path.resolve(process.env.INIT_CWD && !path.isAbsolute(args[0]) ? process.env.INIT_CWD : ".", args[0]);
  if (fs.existsSync(target)) {
    console.error(`Tệp "${target}" đã có; chọn tên khác để không ghi đè bản sao lưu cũ.`);
    return 2;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const t0 = Date.now();
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    await db.backup(partial);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    console.error("Sao lưu không thành công:", e instanceof Error ? e.message : e);
    return 3;
  } finally {
    db.close();
  }
  // Check the copy before it takes the final name.
  const copy = new Database(partial, { readonly: true });
  let check: string;
  let responses: number;
  try {
    check = String(copy.pragma("integrity_check", { simple: true }));
    responses = Number((copy.prepare("SELECT count(*) AS c FROM response").get() as { c: number }).c);
  } finally {
    copy.close();
  }
  if (check !== "ok") {
    fs.rmSync(partial, { force: true });
    console.error(`Bản sao lưu không toàn vẹn (integrity_check: ${check}).`);
    return 3;
  }
  fs.renameSync(partial, target);
  console.log(`Đã sao lưu ${source} → ${target}: ${responses} phiếu trả lời, ${fs.statSync(target).size} byte, ${Date.now() - t0} ms (integrity_check: ok).`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
