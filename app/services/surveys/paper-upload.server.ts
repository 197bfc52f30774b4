import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db } from "../../platform/db.server";
import { can, tokenAllows } from "../../domain/permissions";
import { loadOrg, type SessionUser } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { checkPaperFile, importPaperFile, paperVersions, withdrawBatch, type CheckResult, type ImportResult } from "./import.server";

/** Largest upload: about 200,000 rows of the SIPAS form. */
export const MAX_UPLOAD_BYTES = 40 * 1024 * 1024;
export const UPLOAD_DIR = path.join(os.tmpdir(), "hai-long-uploads");

interface ImportScope {
  /** The coordinator: every service point. */
  all: boolean;
  points: Array<{ code: string; name: string }>;
}

/** Which service points a user may upload paper forms for (import:paper, by scope). */
export async function importScope(db: Db, user: SessionUser): Promise<ImportScope> {
  const [points, org, root] = await Promise.all([
    db.selectFrom("service_point").select(["id", "code", "name"]).where("active", "=", 1).orderBy("code").execute(),
    loadOrg(db),
    db.selectFrom("admin_unit").select("id").where("parent_id", "is", null).orderBy("id").executeTakeFirst(),
  ]);
  const grants = tokenAllows(user, "import:paper") ? user.grants : [];
  const all = root ? can(grants, "import:paper", { unitId: root.id }, org) : false;
  return { all, points: points.filter((p) => all || can(grants, "import:paper", { servicePointId: p.id }, org)).map(({ code, name }) => ({ code, name })) };
}

/** SHA-256 of a file, streamed. */
async function fileSha256(file: string): Promise<string> {
  const h = crypto.createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** A file name fit to show and store: no folders, no control characters, at most 200 characters. */
function cleanFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return (base || "tep-tai-len").slice(0, 200);
}

const questionnaireOf = async (db: Db, code: unknown) => {
  const versions = await paperVersions(db);
  const v = versions.find((x) => x.code === code) ?? (code === undefined || code === "" ? versions[0] : undefined);
  if (!v) throw new InputError("invalid_input", "Hãy chọn bảng hỏi của phiếu giấy.", { questionnaire: "Hãy chọn một bảng hỏi trong danh sách." }, 422);
  return v.code;
};

interface UploadedFile {
  path: string;
  name: string;
}

/** Use case (upload page, step 1): checks the uploaded file; nothing is stored. */
export async function previewUpload(db: Db, user: SessionUser, file: UploadedFile, questionnaire: unknown): Promise<CheckResult & { fileName: string; sha256: string }> {
  const scope = await importScope(db, user);
  const code = await questionnaireOf(db, questionnaire);
  const sha256 = await fileSha256(file.path);
  const result = await checkPaperFile(db, file.path, { questionnaire: code, allowedPoints: scope.all ? undefined : new Set(scope.points.map((p) => p.code)), sha256 });
  return { ...result, fileName: cleanFileName(file.name), sha256 };
}

/**
 * Use case (upload page, step 2): stores the file the user saw in the preview. The file is sent
 * again; if it is not the one previewed (another SHA-256), nothing is stored and the user is asked
 * to check it first.
 */
export async function confirmUpload(db: Db, user: SessionUser, file: UploadedFile, questionnaire: unknown, previewed: unknown): Promise<ImportResult & { fileName: string }> {
  const scope = await importScope(db, user);
  const code = await questionnaireOf(db, questionnaire);
  const sha256 = await fileSha256(file.path);
  if (previewed !== sha256) throw new InputError("invalid_input", "Tệp đã thay đổi so với lúc kiểm tra. Hãy bấm “Kiểm tra tệp” lại trước khi xác nhận.", { file: "Hãy kiểm tra lại tệp này trước khi nhập." }, 409);
  const fileName = cleanFileName(file.name);
  const result = await importPaperFile(db, file.path, {
    questionnaire: code, allowedPoints: scope.all ? undefined : new Set(scope.points.map((p) => p.code)),
    batch: { fileName, sha256, userId: user.id },
    // Read the file twice (check, then store) rather than keep its rows: memory does not grow with the file.
    memoryRows: 0,
  });
  return { ...result, fileName };
}

/** Use case: withdraws a batch (the coordinator any, a desk officer their own). */
export async function withdrawUpload(db: Db, user: SessionUser, batchId: unknown, reason: unknown) {
  const id = Number(batchId);
  if (!Number.isInteger(id) || id <= 0) throw new InputError("invalid_input", "Không tìm thấy lô phiếu.", { batch: "Lô phiếu không hợp lệ." }, 400);
  const scope = await importScope(db, user);
  return withdrawBatch(db, id, typeof reason === "string" ? reason : "", { userId: user.id, all: scope.all });
}
