import type { Db, Tx } from "../../platform/db.server";
import { indexKind, type IndexKind } from "../../domain/index-kinds";
import { parseSpec, type QuestionSpec } from "../../domain/question-types";
import { fileErrors, QUESTIONNAIRE_FORMAT, questionFile, questionnaireFile, type QuestionFile, type QuestionnaireFile } from "../../schemas/questionnaire-file";
import { audit, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { assertVersionEditable, clearDefinitionCache } from "./questionnaires.server";
import healthTemplate from "../../../db/seed/templates/y-te.json";
import schoolTemplate from "../../../db/seed/templates/truong-tieu-hoc.json";
import papiTemplate from "../../../db/seed/templates/papi.json";
import circularTemplate from "../../../db/seed/templates/thong-tu-01.json";

/**
 * The questionnaire designer (coordinator): draft a version, publish it (then it is frozen: edits
 * answer 409 and a new draft is made instead), export/import it as a JSON file validated by
 * app/schemas/questionnaire-file.ts, and import sector templates.
 */
export const TEMPLATES: Array<{ id: string; label: string; file: unknown }> = [
  { id: "y-te", label: "Hài lòng người bệnh tại cơ sở y tế công lập", file: healthTemplate },
  { id: "truong-tieu-hoc", label: "Ý kiến cha mẹ học sinh về trường tiểu học công lập", file: schoolTemplate },
  { id: "papi", label: "Kiểu PAPI: 8 lĩnh vực, thang 1–10, tổng 80 điểm", file: papiTemplate },
  { id: "thong-tu-01", label: "Đánh giá tại Bộ phận Một cửa theo Thông tư 01/2018 (9 chỉ số, tổng 18 điểm)", file: circularTemplate },
];

const frozen = () =>
  new InputError("version_frozen", "Phiên bản này đã phát hành nên không thể sửa; hãy tạo bản nháp mới từ phiên bản này.", {}, 409);
const notFound = () => new InputError("not_found", "Không tìm thấy phiên bản bảng hỏi.", {}, 404);

export async function listQuestionnaires(db: Db) {
  const rows = await db
    .selectFrom("questionnaire as q")
    .innerJoin("questionnaire_version as v", "v.questionnaire_id", "q.id")
    .leftJoin("index_node as n", "n.code", "q.index_code")
    .select(["q.id as qid", "q.code", "q.slug", "q.name", "q.index_code", "n.kind", "v.id", "v.version", "v.status", "v.channels", "v.published_at"])
    .orderBy("q.id").orderBy("v.version", "desc")
    .execute();
  const counts = await responseCounts(db, rows.map((r) => r.id));
  const out = new Map<number, { id: number; code: string; slug: string; name: string; indexCode: string; kind: IndexKind; versions: Array<{ id: number; version: number; status: string; channels: string[]; publishedAt: string | null; responses: number }> }>();
  for (const r of rows) {
    const q = out.get(r.qid) ?? { id: r.qid, code: r.code, slug: r.slug, name: r.name, indexCode: r.index_code, kind: indexKind(r.kind), versions: [] };
    q.versions.push({ id: r.id, version: r.version, status: r.status, channels: JSON.parse(r.channels) as string[], publishedAt: r.published_at, responses: counts.get(r.id) ?? 0 });
    out.set(r.qid, q);
  }
  return [...out.values()];
}

async function responseCounts(db: Db | Tx, versionIds: number[]): Promise<Map<number, number>> {
  if (versionIds.length === 0) return new Map();
  const rows = await db.selectFrom("response").select((eb) => ["version_id", eb.fn.countAll<number>().as("c")])
    .where("version_id", "in", versionIds).where("excluded", "=", 0).groupBy("version_id").execute();
  return new Map(rows.map((r) => [r.version_id, Number(r.c)]));
}

/** The index roots a questionnaire may map to. */
export async function listIndexRoots(db: Db) {
  const rows = await db.selectFrom("index_node").select(["code", "name", "kind"]).where("parent_id", "is", null).orderBy("sort").orderBy("id").execute();
  return rows.map((r) => ({ code: r.code, name: r.name, kind: indexKind(r.kind) }));
}

async function indexSubtree(db: Db | Tx, rootCode: string) {
  const rows = await db.selectFrom("index_node as n").leftJoin("index_node as p", "p.id", "n.parent_id")
    .select(["n.code", "p.code as parent", "n.name", "n.name_en", "n.weight", "n.kind", "n.sort", "n.id"])
    .orderBy("n.sort").orderBy("n.id").execute();
  const keep = new Set([rootCode]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows) if (r.parent && keep.has(r.parent) && !keep.has(r.code)) { keep.add(r.code); grew = true; }
  }
  return rows.filter((r) => keep.has(r.code));
}

export async function getVersion(db: Db | Tx, versionId: number) {
  const v = await db.selectFrom("questionnaire_version as v").innerJoin("questionnaire as q", "q.id", "v.questionnaire_id")
    .select(["v.id", "v.version", "v.status", "v.channels", "v.intro", "v.intro_en", "v.published_at", "q.id as qid", "q.code", "q.slug", "q.name", "q.name_en", "q.index_code"])
    .where("v.id", "=", versionId).executeTakeFirst();
  if (!v) throw notFound();
  const questions = await db.selectFrom("question").select(["id", "code", "node_code", "type", "text", "text_en", "sort", "spec"])
    .where("version_id", "=", versionId).orderBy("sort").orderBy("id").execute();
  const nodes = await indexSubtree(db, v.index_code);
  const root = nodes.find((n) => n.code === v.index_code);
  const responses = (await responseCounts(db, [versionId])).get(versionId) ?? 0;
  const draft = await db.selectFrom("questionnaire_version").select("id").where("questionnaire_id", "=", v.qid).where("status", "=", "draft").executeTakeFirst();
  return {
    id: v.id, version: v.version, status: v.status, channels: JSON.parse(v.channels) as string[], intro: v.intro, introEn: v.intro_en,
    publishedAt: v.published_at, questionnaireId: v.qid, code: v.code, slug: v.slug, name: v.name, nameEn: v.name_en, indexCode: v.index_code,
    kind: indexKind(root?.kind),
    nodes: nodes.map((n) => ({ code: n.code, parent: n.parent, name: n.name, nameEn: n.name_en, weight: n.weight })),
    questions: questions.map((q) => ({ ...q, spec: parseSpec(q.spec) })),
    responses,
    draftId: draft?.id ?? null,
  };
}
export type DesignerVersion = Awaited<ReturnType<typeof getVersion>>;

/**
 * The type settings a question file and a stored spec share, copied either way: a choice's
 * options; yes/no scores; a number's bounds, unit and scoring; a text's length. Empty texts are not copied.
 */
const COPIED: Record<string, Array<{ key: keyof QuestionSpec & keyof QuestionFile; text?: boolean }>> = {
  yes_no: [{ key: "yesScore" }, { key: "noScore" }],
  number: [{ key: "min" }, { key: "max" }, { key: "unit", text: true }, { key: "unitEn", text: true }, { key: "scoreAt", text: true }],
  text: [{ key: "maxLength" }],
};

function copySettings(type: string, from: QuestionSpec | QuestionFile, to: QuestionSpec | QuestionFile): void {
  const src = from as Record<string, unknown>;
  const dst = to as Record<string, unknown>;
  if (type === "choice") dst.options = (from.options ?? []).map((o) => ({ label: o.label, labelEn: o.labelEn ?? null, score: o.score }));
  for (const { key, text } of COPIED[type] ?? []) if (text ? src[key] : src[key] !== undefined) dst[key] = src[key];
  if (type === "number") dst.scoring = from.scoring ?? "none";
}

function specOf(q: QuestionFile): QuestionSpec | null {
  const s: QuestionSpec = {};
  copySettings(q.type, q, s);
  return Object.keys(s).length ? s : null;
}

function questionOf(q: DesignerVersion["questions"][number]): QuestionFile {
  const out: QuestionFile = { code: q.code, node: q.node_code, type: q.type as QuestionFile["type"], text: q.text, textEn: q.text_en };
  copySettings(q.type, q.spec, out);
  return out;
}

/** A version as a questionnaire file (what export downloads). */
export async function exportVersion(db: Db | Tx, versionId: number): Promise<QuestionnaireFile> {
  const v = await getVersion(db, versionId);
  return {
    format: QUESTIONNAIRE_FORMAT,
    code: v.code, slug: v.slug, name: v.name, nameEn: v.nameEn, intro: v.intro, introEn: v.introEn,
    channels: v.channels as QuestionnaireFile["channels"],
    index: {
      code: v.indexCode, kind: v.kind,
      nodes: v.nodes.map((n) => ({ code: n.code, parent: n.parent, name: n.name, nameEn: n.nameEn, ...(n.weight === null ? {} : { weight: n.weight }) })),
    },
    questions: v.questions.map(questionOf),
  };
}

/** Parses a file (text or object); 422 with "path: message" fields in Vietnamese when invalid. */
function parseQuestionnaireFile(raw: unknown): QuestionnaireFile {
  let data = raw;
  if (typeof raw === "string") {
    try {
      data = JSON.parse(raw);
    } catch {
      throw new InputError("invalid_file", "Tệp không phải JSON hợp lệ.", { "(tệp)": "Tệp không đọc được dưới dạng JSON; hãy dùng tệp xuất từ trình thiết kế." }, 422);
    }
  }
  const parsed = questionnaireFile.safeParse(data);
  if (!parsed.success) {
    const fields = fileErrors(parsed.error);
    const lines = Object.entries(fields).slice(0, 8).map(([k, m]) => `${k}: ${m}`).join(" ");
    throw new InputError("invalid_file", `Tệp bảng hỏi chưa hợp lệ. ${lines}`, fields, 422);
  }
  return parsed.data;
}

/**
 * Use case: import a questionnaire file as a new draft. Missing index nodes are created; existing
 * ones must keep their parent. A known questionnaire code gets a new draft version (its published
 * versions are untouched); a new code creates the questionnaire.
 */
export async function importQuestionnaire(db: Db, raw: unknown, actor: Actor): Promise<number> {
  const file = parseQuestionnaireFile(raw);
  const id = await db.transaction().execute(async (trx) => {
    const existingNodes = await trx.selectFrom("index_node as n").leftJoin("index_node as p", "p.id", "n.parent_id")
      .select(["n.id", "n.code", "p.code as parent"]).execute();
    const byCode = new Map(existingNodes.map((n) => [n.code, n]));
    const fields: Record<string, string> = {};
    file.index.nodes.forEach((n, i) => {
      const e = byCode.get(n.code);
      if (e && (e.parent ?? null) !== n.parent) fields[`index.nodes.${i}.parent`] = `Nút "${n.code}" đã có với nút cha "${e.parent ?? "(gốc)"}"; không thể đổi sang "${n.parent ?? "(gốc)"}".`;
    });
    const q = await trx.selectFrom("questionnaire").select(["id", "index_code", "slug"]).where("code", "=", file.code).executeTakeFirst();
    if (q && q.index_code !== file.index.code) fields["index.code"] = `Bảng hỏi "${file.code}" đã gắn với chỉ số "${q.index_code}", không thể đổi sang "${file.index.code}".`;
    const slugOwner = await trx.selectFrom("questionnaire").select("code").where("slug", "=", file.slug).executeTakeFirst();
    if (slugOwner && slugOwner.code !== file.code) fields.slug = `Đường dẫn "${file.slug}" đã dùng cho bảng hỏi "${slugOwner.code}".`;
    if (Object.keys(fields).length) {
      throw new InputError("invalid_file", `Tệp bảng hỏi chưa hợp lệ. ${Object.entries(fields).map(([k, m]) => `${k}: ${m}`).join(" ")}`, fields, 422);
    }
    let sort = existingNodes.length;
    const ids = new Map(existingNodes.map((n) => [n.code, n.id]));
    for (const n of file.index.nodes) {
      if (ids.has(n.code)) continue;
      const r = await trx.insertInto("index_node").values({
        code: n.code, parent_id: n.parent ? ids.get(n.parent)! : null, name: n.name, name_en: n.nameEn ?? null, par_code: null, max_points: null,
        point_target: null, sort: sort++, weight: n.weight ?? null, kind: n.parent === null ? file.index.kind : null,
      }).returning("id").executeTakeFirstOrThrow();
      ids.set(n.code, r.id);
    }
    let qid = q?.id;
    if (qid) {
      await trx.updateTable("questionnaire").set({ name: file.name, name_en: file.nameEn ?? null, slug: file.slug }).where("id", "=", qid).execute();
    } else {
      qid = (await trx.insertInto("questionnaire").values({ code: file.code, slug: file.slug, name: file.name, name_en: file.nameEn ?? null, index_code: file.index.code })
        .returning("id").executeTakeFirstOrThrow()).id;
    }
    const vid = await insertDraft(trx, qid, file);
    await audit(trx, { userId: actor.userId, action: "questionnaire.import", entity: "questionnaire_version", entityId: vid, after: { code: file.code, questions: file.questions.length }, ip: actor.ip });
    return vid;
  });
  clearDefinitionCache();
  return id;
}

async function insertDraft(trx: Tx, questionnaireId: number, file: Pick<QuestionnaireFile, "channels" | "intro" | "introEn" | "questions">): Promise<number> {
  const max = await trx.selectFrom("questionnaire_version").select((eb) => eb.fn.max<number>("version").as("m")).where("questionnaire_id", "=", questionnaireId).executeTakeFirst();
  const v = await trx.insertInto("questionnaire_version").values({
    questionnaire_id: questionnaireId, version: Number(max?.m ?? 0) + 1, status: "draft", channels: JSON.stringify(file.channels),
    intro: file.intro ?? null, intro_en: file.introEn ?? null, published_at: null,
  }).returning("id").executeTakeFirstOrThrow();
  for (const [i, q] of file.questions.entries()) {
    const spec = specOf(q);
    await trx.insertInto("question").values({
      version_id: v.id, code: q.code, node_code: q.node, type: q.type, text: q.text, text_en: q.textEn ?? null, sort: i + 1, spec: spec ? JSON.stringify(spec) : null,
    }).execute();
  }
  return v.id;
}

/** Locks the rule: only an unanswered draft may change (409 otherwise). */
async function assertDraft(trx: Tx, versionId: number) {
  const v = await trx.selectFrom("questionnaire_version").select(["status"]).where("id", "=", versionId).executeTakeFirst();
  if (!v) throw notFound();
  if (v.status !== "draft") throw frozen();
  await assertVersionEditable(trx, versionId);
}

/** Use case: a new draft copied from a version (or the existing draft of that questionnaire). */
export async function newDraftFrom(db: Db, versionId: number, actor: Actor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const v = await getVersion(trx, versionId);
    if (v.draftId) return v.draftId;
    const file = await exportVersion(trx, versionId);
    const id = await insertDraft(trx, v.questionnaireId, file);
    await audit(trx, { userId: actor.userId, action: "questionnaire.draft", entity: "questionnaire_version", entityId: id, before: { from: versionId }, ip: actor.ip });
    return id;
  });
}

/** Use case: a new questionnaire with an empty first draft, mapped to an existing index. */
export async function createQuestionnaire(db: Db, input: { code: string; slug: string; name: string; nameEn?: string | null; index: string }, actor: Actor): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const fields: Record<string, string> = {};
    if (await trx.selectFrom("questionnaire").select("id").where("code", "=", input.code).executeTakeFirst()) fields.code = `Mã "${input.code}" đã có.`;
    if (await trx.selectFrom("questionnaire").select("id").where("slug", "=", input.slug).executeTakeFirst()) fields.slug = `Đường dẫn "${input.slug}" đã dùng.`;
    if (!(await trx.selectFrom("index_node").select("id").where("code", "=", input.index).where("parent_id", "is", null).executeTakeFirst())) fields.index = "Chọn một chỉ số có sẵn.";
    if (Object.keys(fields).length) throw new InputError("invalid_input", "Chưa tạo được bảng hỏi, vui lòng sửa các trường được nêu.", fields, 422);
    const q = await trx.insertInto("questionnaire").values({ code: input.code, slug: input.slug, name: input.name, name_en: input.nameEn ?? null, index_code: input.index })
      .returning("id").executeTakeFirstOrThrow();
    const vid = await insertDraft(trx, q.id, { channels: ["online"], intro: null, introEn: null, questions: [] });
    await audit(trx, { userId: actor.userId, action: "questionnaire.create", entity: "questionnaire_version", entityId: vid, after: input, ip: actor.ip });
    return vid;
  });
}

interface DraftMeta {
  name: string;
  nameEn?: string | null;
  intro?: string | null;
  introEn?: string | null;
  channels: string[];
}

export async function saveMeta(db: Db, versionId: number, meta: DraftMeta, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await assertDraft(trx, versionId);
    const v = await trx.selectFrom("questionnaire_version").select("questionnaire_id").where("id", "=", versionId).executeTakeFirstOrThrow();
    await trx.updateTable("questionnaire_version").set({ channels: JSON.stringify(meta.channels), intro: meta.intro ?? null, intro_en: meta.introEn ?? null }).where("id", "=", versionId).execute();
    await trx.updateTable("questionnaire").set({ name: meta.name, name_en: meta.nameEn ?? null }).where("id", "=", v.questionnaire_id).execute();
    await audit(trx, { userId: actor.userId, action: "questionnaire.meta", entity: "questionnaire_version", entityId: versionId, after: meta, ip: actor.ip });
  });
}

/** Use case: add or replace (by `previous` code) one question of a draft. */
export async function saveQuestion(db: Db, versionId: number, raw: unknown, previous: string | null, actor: Actor): Promise<void> {
  const parsed = questionFile.safeParse(raw);
  if (!parsed.success) throw new InputError("invalid_input", "Câu hỏi chưa hợp lệ, vui lòng sửa các trường được nêu.", formFieldErrors(fileErrors(parsed.error)), 422);
  const q = parsed.data;
  if (q.type === "choice" && (q.options?.length ?? 0) < 2) {
    throw new InputError("invalid_input", "Câu hỏi chưa hợp lệ.", { options: "Câu hỏi chọn một phương án cần ít nhất 2 phương án (mỗi dòng một phương án)." }, 422);
  }
  await db.transaction().execute(async (trx) => {
    await assertDraft(trx, versionId);
    const v = await getVersion(trx, versionId);
    if (!v.nodes.some((n) => n.code === q.node)) throw new InputError("invalid_input", "Câu hỏi chưa hợp lệ.", { node: `Nút "${q.node}" không thuộc chỉ số ${v.indexCode}.` }, 422);
    const clash = v.questions.find((x) => x.code === q.code && x.code !== previous);
    if (clash) throw new InputError("invalid_input", "Câu hỏi chưa hợp lệ.", { code: `Mã câu hỏi "${q.code}" đã có trong phiên bản này.` }, 422);
    const spec = specOf(q);
    const row = { code: q.code, node_code: q.node, type: q.type, text: q.text, text_en: q.textEn ?? null, spec: spec ? JSON.stringify(spec) : null };
    const old = previous ? v.questions.find((x) => x.code === previous) : undefined;
    if (previous && !old) throw new InputError("not_found", `Không có câu hỏi "${previous}" trong phiên bản này.`, {}, 404);
    if (old) await trx.updateTable("question").set(row).where("id", "=", old.id).execute();
    else await trx.insertInto("question").values({ ...row, version_id: versionId, sort: (v.questions.at(-1)?.sort ?? 0) + 1 }).execute();
    await audit(trx, { userId: actor.userId, action: "questionnaire.question", entity: "questionnaire_version", entityId: versionId, before: old ? questionOf(old) : undefined, after: q, ip: actor.ip });
  });
}

export async function removeQuestion(db: Db, versionId: number, code: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await assertDraft(trx, versionId);
    const r = await trx.deleteFrom("question").where("version_id", "=", versionId).where("code", "=", code).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new InputError("not_found", `Không có câu hỏi "${code}" trong phiên bản này.`, {}, 404);
    await audit(trx, { userId: actor.userId, action: "questionnaire.question_remove", entity: "questionnaire_version", entityId: versionId, before: { code }, ip: actor.ip });
  });
}

/** Use case: publish a draft (it must be a valid file); from then on it is frozen. */
export async function publishVersion(db: Db, versionId: number, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await assertDraft(trx, versionId);
    const file = await exportVersion(trx, versionId);
    const parsed = questionnaireFile.safeParse(file);
    if (!parsed.success) {
      const fields = fileErrors(parsed.error);
      throw new InputError("invalid_input", `Chưa phát hành được: ${Object.entries(fields).map(([k, m]) => `${k}: ${m}`).join(" ")}`, fields, 422);
    }
    await trx.updateTable("questionnaire_version").set({ status: "published", published_at: new Date().toISOString() }).where("id", "=", versionId).execute();
    await audit(trx, { userId: actor.userId, action: "questionnaire.publish", entity: "questionnaire_version", entityId: versionId, ip: actor.ip });
  });
  clearDefinitionCache();
}

export async function importTemplate(db: Db, id: string, actor: Actor): Promise<number> {
  const t = TEMPLATES.find((x) => x.id === id);
  if (!t) throw new InputError("invalid_input", "Chọn một mẫu có sẵn.", { template: "Chọn một mẫu có sẵn." }, 422);
  return importQuestionnaire(db, t.file, actor);
}

const num = (v: unknown): number | undefined => {
  const s = typeof v === "string" ? v.trim().replace(",", ".") : "";
  if (s === "") return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : (NaN as number);
};
const nullableNum = (v: unknown): number | null | undefined => {
  if (typeof v === "string" && /^\s*(-|không|null)\s*$/i.test(v)) return null;
  return num(v);
};
const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/**
 * The designer's question form → a question of the file format. Options are typed one per line:
 * "Nhãn tiếng Việt | English label | điểm 0–1" (điểm "-" = không tính điểm).
 */
export function questionFromForm(f: Record<string, string | string[]>): Record<string, unknown> {
  const type = str(f.type) ?? "";
  const q: Record<string, unknown> = { code: str(f.code) ?? "", node: str(f.node) ?? "", type, text: str(f.text) ?? "", textEn: str(f.textEn) ?? null };
  if (type === "choice") {
    const lines = String(f.options ?? "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    q.options = lines.map((l) => {
      const [label, labelEn, score] = l.split("|").map((x) => x.trim());
      const sc = score === undefined ? undefined : nullableNum(score);
      return { label, labelEn: labelEn || null, score: sc === undefined ? null : sc };
    });
  }
  if (type === "yes_no") {
    const y = nullableNum(f.yesScore);
    const n = nullableNum(f.noScore);
    if (y !== undefined) q.yesScore = y;
    if (n !== undefined) q.noScore = n;
  }
  if (type === "number") {
    const min = num(f.min);
    const max = num(f.max);
    if (min !== undefined) q.min = min;
    if (max !== undefined) q.max = max;
    if (str(f.unit)) q.unit = str(f.unit);
    q.scoring = str(f.scoring) ?? "none";
  }
  if (type === "text") {
    const m = num(f.maxLength);
    if (m !== undefined) q.maxLength = m;
  }
  return q;
}

/** Field errors of the file format (e.g. "options.1.score") → the form's field names. */
function formFieldErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, m] of Object.entries(fields)) {
    const top = k.split(".")[0];
    const line = /^options\.(\d+)/.exec(k);
    const key = top === "options" ? "options" : top;
    if (!out[key]) out[key] = line ? `Dòng ${Number(line[1]) + 1}: ${m}` : m;
  }
  return out;
}
