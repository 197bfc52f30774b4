// Imports paper forms (questionnaire "sipas") from a CSV or XLSX file: npm run import -- forms.csv
// Exit codes: 0 imported (or already present), 1 the file has errors (nothing stored),
// 2 usage (no file / file not found), 3 the import could not run (database, setup).
import fs from "node:fs";
import path from "node:path";
import { createDb, databaseUrl, migrateToLatest } from "../db/client.server";
import { formatNumber } from "../app/i18n/format";
import { importPaperCsv, ImportSetupError } from "../app/services/surveys/import.server";
import { formatImportError } from "../app/platform/csv.server";

const USAGE = `Cách dùng: npm run import -- <tệp.csv|tệp.xlsx>
  Nhập phiếu khảo sát giấy (bảng hỏi sipas) từ tệp CSV hoặc Excel vào ${databaseUrl()} (đặt DATABASE_URL để chọn CSDL khác).
  Dòng tiêu đề: respondent_id,service_point,submitted_at,procedure_field,access.1,…,feedback.4 (phân cách bằng dấu phẩy, chấm phẩy hoặc tab).
  Ngày: dd/mm/yyyy hoặc dd/mm/yyyy hh:mm (giờ Việt Nam). Câu trả lời: 1–5, “Hài lòng”…, để trống hoặc KAD (không áp dụng).
  Trên trình duyệt: trang /nhap-phieu-giay (xem trước, xác nhận, lô phiếu).`;

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--");
  if (args.includes("-h") || args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  if (args.length !== 1) {
    console.error(args.length === 0 ? "Thiếu tên tệp CSV cần nhập (hoặc tệp Excel .xlsx)." : "Chỉ nhập một tệp mỗi lần.");
    console.error(USAGE);
    return 2;
  }
  // `npm run import -- x.csv` runs in the project folder; npm keeps the caller's folder in INIT_CWD.
  const candidates = [path.resolve(args[0]), ...(process.env.INIT_CWD ? [path.resolve(process.env.INIT_CWD, args[0])] : [])];
  const file = candidates.find((f) => fs.existsSync(f)) ?? candidates[0];
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    console.error(`Không tìm thấy tệp "${args[0]}".`);
    console.error(USAGE);
    return 2;
  }

  const db = createDb();
  try {
    await migrateToLatest(db);
    const size = fs.statSync(file).size;
    if (size > 2_000_000) console.error(`Đang kiểm tra ${path.basename(file)} (${formatNumber(size / 1_048_576, "vi", 1)} MB)…`);
    const result = await importPaperCsv(db, file, {
      onProgress: (p) =>
        console.error(
          p.phase === "check"
            ? `  đã kiểm tra ${formatNumber(p.done)} dòng…`
            : `  đã lưu ${formatNumber(p.done)}/${formatNumber(p.total ?? 0)} dòng…`,
        ),
    });
    if (!result.ok) {
      for (const e of result.errors) console.error(formatImportError(e));
      console.error(`Tệp có ${formatNumber(result.errors.length)} lỗi trên ${formatNumber(result.rows)} dòng dữ liệu.`);
      console.error("Không có phiếu nào được lưu.");
      return 1;
    }
    const seconds = result.ms / 1000;
    const rate = seconds > 0 ? result.rows / seconds : result.rows;
    console.log(`Đã nhập ${path.basename(file)} vào ${databaseUrl()}:`);
    console.log(`  Phiếu mới đã lưu: ${formatNumber(result.imported)}`);
    console.log(`  Đã có từ trước (bỏ qua): ${formatNumber(result.alreadyPresent)}`);
    console.log(`  Theo điểm phục vụ:`);
    for (const p of result.perPoint) {
      console.log(`    ${p.servicePoint} (${p.name}): ${formatNumber(p.imported)} mới, ${formatNumber(p.alreadyPresent)} đã có`);
    }
    console.log(`  Thời gian: ${formatNumber(seconds, "vi", 1)} giây (${formatNumber(rate)} dòng/giây)`);
    return 0;
  } catch (e) {
    if (e instanceof ImportSetupError) console.error(e.message);
    else console.error("Không nhập được tệp:", e instanceof Error ? e.message : e);
    return 3;
  } finally {
    await db.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
