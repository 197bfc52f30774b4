import { createHash } from "node:crypto";
import { MaxPartSizeExceededError, unstable_composeUploadHandlers as composeUploadHandlers, unstable_createMemoryUploadHandler as createMemoryUploadHandler, unstable_parseMultipartFormData as parseMultipartFormData } from "@remix-run/node";
import type { Db, Tx } from "../../platform/db.server";
import { attachmentHeader, checkEvidence, EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES, safeFileName } from "../../domain/evidence";
import type { SessionUser } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { userCan } from "../../platform/session.server";

/**
 * Evidence files of plan reports: reading an upload (multipart, bounded in memory), checking each
 * file by its content, storing the files in the report's transaction, and sending one back to
 * someone who may read that agency's plans.
 */

export interface EvidenceFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/** Largest request body accepted on a report form: every file at its limit, plus the text fields. */
const MAX_BODY = EVIDENCE_MAX_FILES * EVIDENCE_MAX_BYTES + 1024 * 1024;

/**
 * Reads a report form that may carry files under `field`. Files are kept in memory (never on
 * disk), each read up to 10 MB; a larger one is drained and named in the error. Every file is
 * checked by its first bytes. A refusal comes back as `error` (an InputError to throw inside the
 * use case, so the form is shown again with the other fields): nothing may be stored then.
 */
export async function readEvidenceForm(request: Request, field = "evidence"): Promise<{ form: FormData; files: EvidenceFile[]; error: InputError | null }> {
  try {
    return { ...(await readUpload(request, field)), error: null };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { form: (e as InputError & { form?: FormData }).form ?? new FormData(), files: [], error: e };
  }
}

async function readUpload(request: Request, field: string): Promise<{ form: FormData; files: EvidenceFile[] }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(type)) return { form: await request.formData(), files: [] };
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY) {
    throw new InputError("too_large", `Chưa lưu được: tổng dung lượng gửi lên quá lớn (tối đa ${EVIDENCE_MAX_FILES} tệp, mỗi tệp 10 MB).`, { [field]: "Bớt tệp hoặc nén tệp rồi gửi lại." }, 413);
  }
  const tooBig: string[] = [];
  const raw: Array<{ name: string; bytes: Buffer }> = [];
  let seen = 0;
  const fileHandler = async ({ name, filename, data }: { name: string; filename?: string; data: AsyncIterable<Uint8Array> }) => {
    if (filename === undefined) return undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const c of data) {
      size += c.byteLength;
      seen += c.byteLength;
      if (seen > MAX_BODY) throw new InputError("too_large", "Chưa lưu được: tổng dung lượng gửi lên quá lớn.", { [field]: "Bớt tệp hoặc nén tệp rồi gửi lại." }, 413);
      if (size <= EVIDENCE_MAX_BYTES) chunks.push(c);
    }
    if (name !== field || (!filename && size === 0)) return ""; // no file chosen, or another file input
    if (size > EVIDENCE_MAX_BYTES) tooBig.push(filename);
    else raw.push({ name: filename, bytes: Buffer.concat(chunks) });
    return "";
  };
  let form: FormData;
  try {
    form = await parseMultipartFormData(request, composeUploadHandlers(fileHandler, createMemoryUploadHandler({ maxPartSize: 64 * 1024 })));
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) throw new InputError("too_large", "Chưa lưu được: một ô chữ dài quá 64 KB.", {}, 413);
    if (e instanceof InputError) throw e;
    // The multipart reader cannot read some part headers (a ";" in a file name splits it): that is
    // a body it cannot read, answered as such, never a server error.
    throw new InputError("invalid_upload", "Chưa lưu được: không đọc được tệp gửi lên. Nếu tên tệp có dấu chấm phẩy (;) hoặc dấu ngoặc kép, hãy đổi tên tệp rồi gửi lại.", { [field]: "Đổi tên tệp (bỏ dấu ; và \") rồi gửi lại." }, 400);
  }
  const messages: string[] = tooBig.map((n) => `Tệp "${safeFileName(n)}" lớn hơn 10 MB; hãy nén hoặc chia nhỏ rồi gửi lại.`);
  const files: EvidenceFile[] = [];
  for (const f of raw) {
    const c = checkEvidence(f.name, f.bytes);
    if (c.ok) files.push({ fileName: c.fileName, contentType: c.contentType, bytes: f.bytes });
    else messages.push(c.message);
  }
  if (raw.length + tooBig.length > EVIDENCE_MAX_FILES) messages.push(`Mỗi báo cáo đính kèm tối đa ${EVIDENCE_MAX_FILES} tệp; bạn chọn ${raw.length + tooBig.length} tệp.`);
  if (messages.length) {
    const message = messages.length === 1 ? `Chưa lưu được: ${messages[0]}` : `Chưa lưu được: ${messages.join(" ")}`;
    const error = new InputError(tooBig.length ? "too_large" : "invalid_input", message, { [field]: messages.join(" ") }, tooBig.length ? 413 : 400);
    throw Object.assign(error, { form });
  }
  return { form, files };
}

/**
 * Stores a report's new files and removes the ones asked, in the report's transaction; refuses
 * (rolling back the report too) when the report would hold more than the allowed number of files.
 */
export async function storeEvidence(trx: Tx, reportId: number, files: EvidenceFile[], remove: number[], userId: number | null, at: string): Promise<{ added: number; removed: number }> {
  let removed = 0;
  if (remove.length) removed = Number((await trx.deleteFrom("plan_evidence").where("report_id", "=", reportId).where("id", "in", remove).executeTakeFirst()).numDeletedRows);
  if (files.length === 0) return { added: 0, removed };
  const have = Number((await trx.selectFrom("plan_evidence").select((eb) => eb.fn.countAll<number>().as("n")).where("report_id", "=", reportId).executeTakeFirstOrThrow()).n);
  if (have + files.length > EVIDENCE_MAX_FILES) {
    throw new InputError("invalid_input", `Chưa lưu được: báo cáo kỳ này đã có ${have} tệp minh chứng; mỗi báo cáo tối đa ${EVIDENCE_MAX_FILES} tệp. Hãy bỏ bớt tệp cũ hoặc gửi ít tệp hơn.`, { evidence: `Còn đính kèm được ${Math.max(0, EVIDENCE_MAX_FILES - have)} tệp.` });
  }
  for (const f of files) {
    await trx.insertInto("plan_evidence").values({
      report_id: reportId, file_name: f.fileName, content_type: f.contentType, size: f.bytes.length,
      sha256: createHash("sha256").update(f.bytes).digest("hex"), bytes: f.bytes, uploaded_by: userId, created_at: at,
    }).execute();
  }
  return { added: files.length, removed };
}

interface EvidenceMeta {
  id: number;
  reportId: number;
  fileName: string;
  contentType: string;
  size: number;
}

/** The files (without their bytes) of some reports, by report. */
export async function evidenceOf(db: Db, reportIds: number[]): Promise<Map<number, EvidenceMeta[]>> {
  const out = new Map<number, EvidenceMeta[]>();
  if (reportIds.length === 0) return out;
  const rows = await db.selectFrom("plan_evidence").select(["id", "report_id", "file_name", "content_type", "size"]).where("report_id", "in", reportIds).orderBy("id").execute();
  for (const r of rows) out.set(r.report_id, [...(out.get(r.report_id) ?? []), { id: r.id, reportId: r.report_id, fileName: r.file_name, contentType: r.content_type, size: r.size }]);
  return out;
}

/**
 * Use case: download one evidence file. 404 when unknown; 403 unless the user may read the plans
 * of the agency that filed the report. Sent as an attachment, never rendered inline.
 */
export async function evidenceResponse(db: Db, user: SessionUser, id: number): Promise<Response> {
  const row = Number.isInteger(id) && id > 0
    ? await db.selectFrom("plan_evidence as e").innerJoin("plan_report as r", "r.id", "e.report_id")
      .select(["e.file_name", "e.content_type", "e.size", "e.sha256", "e.bytes", "r.agency_id"]).where("e.id", "=", id).executeTakeFirst()
    : undefined;
  if (!row) throw new Response("Không tìm thấy tệp minh chứng.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  if (!(await userCan(user, "read:plans", { agencyId: row.agency_id }))) {
    throw new Response("Bạn không có quyền xem minh chứng của cơ quan này.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const bytes = Buffer.isBuffer(row.bytes) ? row.bytes : Buffer.from(row.bytes as Uint8Array);
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "Content-Type": row.content_type,
      "Content-Length": String(bytes.length),
      "Content-Disposition": attachmentHeader(row.file_name),
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      ETag: `"${row.sha256}"`,
    },
  });
}
