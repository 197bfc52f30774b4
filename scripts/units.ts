// Reorganisations of units, agencies and service points from a file (docs/api.md, "Tệp sắp xếp tổ chức"):
//   npm run units -- apply <tệp.json|tệp.csv> [--dry-run]
//   npm run units -- list
// Exit codes: 0 applied (or dry run without errors), 1 the file has errors (nothing changed),
// 2 usage (no file / file not found), 3 the command could not run (database).
import fs from "node:fs";
import path from "node:path";
import { createDb, databaseUrl, migrateToLatest } from "../db/client.server";
import { viDay } from "../app/domain/days";
import { applyReorganisation, listReorgEvents, type ReorgPreview } from "../app/services/org/reorganisation.server";

const USAGE = `Cách dùng:
  npm run units -- apply <tệp.json|tệp.csv> [--dry-run]   áp dụng một lần sắp xếp tổ chức (--dry-run: chỉ xem trước, không ghi gì)
  npm run units -- list                                      các lần sắp xếp đã áp dụng
  Cơ sở dữ liệu: ${databaseUrl()} (đặt DATABASE_URL để chọn CSDL khác). Định dạng tệp: docs/api.md.`;

function print(p: ReorgPreview, dry: boolean) {
  console.log(`${p.title}${p.document ? ` — ${p.document}` : ""}; hiệu lực ${p.effectiveOn ? viDay(p.effectiveOn) : "—"}`);
  for (const l of p.lines) console.log(`  [dòng ${l.row}] ${l.text}`);
  if (p.followUps.length) {
    console.log("Theo đơn vị, cơ quan, điểm kế thừa:");
    for (const f of p.followUps) console.log(`  - ${f.text}`);
  }
  console.log(`${dry ? "Sẽ thay đổi" : "Đã thay đổi"}: ${p.counts.units} đơn vị, ${p.counts.agencies} cơ quan, ${p.counts.points} điểm phục vụ (${p.counts.created} mới, ${p.counts.ended} kết thúc).`);
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--");
  const dry = args.includes("--dry-run");
  const [cmd, fileArg, ...rest] = args.filter((a) => a !== "--dry-run");
  if (cmd === "list" && !fileArg) {
    const db = createDb();
    try {
      await migrateToLatest(db);
      for (const e of await listReorgEvents(db)) console.log(`${e.id}\t${viDay(e.effectiveOn)}\t${e.title}${e.undoneAt ? " (đã hoàn tác)" : ""}`);
      return 0;
    } finally {
      await db.destroy();
    }
  }
  if (cmd !== "apply" || !fileArg || rest.length) {
    console.error(cmd === "apply" ? "Thiếu tên tệp sắp xếp." : USAGE);
    if (cmd === "apply") console.error(USAGE);
    return 2;
  }
  const candidates = [path.resolve(fileArg), ...(process.env.INIT_CWD ? [path.resolve(process.env.INIT_CWD, fileArg)] : [])];
  const file = candidates.find((f) => fs.existsSync(f)) ?? candidates[0];
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    console.error(`Không tìm thấy tệp "${fileArg}".`);
    return 2;
  }
  const db = createDb();
  try {
    await migrateToLatest(db);
    const result = await applyReorganisation(db, { text: fs.readFileSync(file, "utf8"), fileName: path.basename(file), actorUserId: null, dryRun: dry });
    if (!result.ok) {
      for (const e of result.errors) console.error(`${e.row ? `Dòng ${e.row}: ` : ""}${e.message}`);
      console.error(`Tệp có ${result.errors.length} lỗi; không có gì thay đổi.`);
      return 1;
    }
    print(result, dry);
    console.log(dry ? "Chạy thử: chưa ghi gì vào cơ sở dữ liệu." : `Đã áp dụng (lần sắp xếp số ${result.eventId}).`);
    return 0;
  } finally {
    await db.destroy();
  }
}

// exitCode, not exit(): a piped stdout is flushed before the process ends.
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => {
    console.error(`Không chạy được: ${(e as Error).message}`);
    process.exitCode = 3;
  },
);
