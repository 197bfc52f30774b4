import type { Db, Tx } from "../../platform/db.server";
import { buildTree, type IndexNodeDef, type QuestionDef, type TreeNode } from "../../domain/index-tree";
import { InputError } from "../../platform/errors";

interface QuestionRow {
  id: number;
  code: string;
  node_code: string;
  type: string;
  text: string;
  text_en: string | null;
  sort: number;
  /** designer: type settings (JSON), see app/domain/question-types.ts. */
  spec: string | null;
}

export interface PublishedVersion {
  id: number;
  version: number;
  questionnaireId: number;
  code: string;
  slug: string;
  name: string;
  nameEn: string | null;
  indexCode: string;
  channels: string[];
  intro: string | null;
  introEn: string | null;
  questions: QuestionRow[];
}

/** The newest published version of a questionnaire, by code or slug (cached briefly). */
export function currentVersion(db: Db, codeOrSlug: string): Promise<PublishedVersion | null> {
  return cached(db, `version:${codeOrSlug}`, () => currentVersionUncached(db, codeOrSlug));
}

async function currentVersionUncached(db: Db, codeOrSlug: string): Promise<PublishedVersion | null> {
  const v = await db
    .selectFrom("questionnaire_version as v")
    .innerJoin("questionnaire as q", "q.id", "v.questionnaire_id")
    .select([
      "v.id", "v.version", "v.channels", "v.intro", "v.intro_en", "q.id as questionnaire_id", "q.code", "q.slug",
      "q.name", "q.name_en", "q.index_code",
    ])
    .where((eb) => eb.or([eb("q.code", "=", codeOrSlug), eb("q.slug", "=", codeOrSlug)]))
    .where("v.status", "=", "published")
    .orderBy("v.version", "desc")
    .executeTakeFirst();
  if (!v) return null;
  const questions = await db
    .selectFrom("question")
    .select(["id", "code", "node_code", "type", "text", "text_en", "sort", "spec"])
    .where("version_id", "=", v.id)
    .orderBy("sort")
    .execute();
  return {
    id: v.id,
    version: v.version,
    questionnaireId: v.questionnaire_id,
    code: v.code,
    slug: v.slug,
    name: v.name,
    nameEn: v.name_en,
    indexCode: v.index_code,
    channels: JSON.parse(v.channels) as string[],
    intro: v.intro,
    introEn: v.intro_en,
    questions,
  };
}

/** A version that has responses is frozen: edits must make a new version. */
export async function assertVersionEditable(db: Db | Tx, versionId: number): Promise<void> {
  const answered = await db.selectFrom("response").select("id").where("version_id", "=", versionId).limit(1).executeTakeFirst();
  if (answered) {
    throw new InputError("version_frozen", "Phiên bản bảng hỏi này đã có phiếu trả lời nên không thể sửa; hãy tạo phiên bản mới.", {}, 409);
  }
}

export interface IndexDefinition {
  nodes: IndexNodeDef[];
  questions: QuestionDef[];
  tree: TreeNode;
  questionText: Map<string, { text: string; textEn: string | null }>;
  /** Node weights among siblings (index_node.weight) when any node of the tree has one. */
  weights?: Map<string, number>;
}

const CODE_ORDER = new Intl.Collator("en", { numeric: true });

/**
 * A short-lived read cache for questionnaire definitions, which every submission and every figure
 * needs. Published versions never change; a newly published version is seen within TTL_MS on
 * every node (nothing else is kept in the server's memory). `clearDefinitionCache` after a change
 * on this node.
 */
const TTL_MS = 10_000;
const cache = new Map<string, { at: number; value: Promise<unknown> }>();
function cached<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  const k = `${dbKey(db)}|${key}`;
  const hit = cache.get(k);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(k, { at: Date.now(), value });
  value.catch(() => cache.delete(k));
  return value;
}
const dbIds = new WeakMap<object, number>();
let nextDbId = 1;
function dbKey(db: Db): number {
  let id = dbIds.get(db);
  if (!id) dbIds.set(db, (id = nextDbId++));
  return id;
}
export function clearDefinitionCache(): void {
  cache.clear();
}

/** The index tree with every question of every published version that maps into it (cached briefly). */
export function loadIndex(db: Db, indexCode: string): Promise<IndexDefinition> {
  return cached(db, `index:${indexCode}`, () => loadIndexUncached(db, indexCode));
}

async function loadIndexUncached(db: Db, indexCode: string): Promise<IndexDefinition> {
  const nodeRows = await db.selectFrom("index_node as n")
    .leftJoin("index_node as p", "p.id", "n.parent_id")
    .select(["n.code", "p.code as parent", "n.name", "n.name_en", "n.par_code", "n.max_points", "n.point_target", "n.sort", "n.weight"])
    .orderBy("n.sort").orderBy("n.id")
    .execute();
  const nodes: IndexNodeDef[] = nodeRows.map((r) => ({
    code: r.code, parent: r.parent, name: r.name, nameEn: r.name_en, parCode: r.par_code,
    maxPoints: r.max_points, pointTarget: r.point_target,
  }));
  const qRows = await db
    .selectFrom("question as qu")
    .innerJoin("questionnaire_version as v", "v.id", "qu.version_id")
    .innerJoin("questionnaire as q", "q.id", "v.questionnaire_id")
    .select(["qu.code", "qu.node_code", "qu.text", "qu.text_en", "q.id as qid", "v.version", "qu.sort"])
    .where("q.index_code", "=", indexCode)
    .orderBy("q.id").orderBy("v.version", "desc").orderBy("qu.sort")
    .execute();
  const questionText = new Map<string, { text: string; textEn: string | null }>();
  const questions: QuestionDef[] = [];
  for (const r of qRows) {
    if (questionText.has(r.code)) continue;
    questionText.set(r.code, { text: r.text, textEn: r.text_en });
    questions.push({ code: r.code, node: r.node_code, text: r.text, textEn: r.text_en });
  }
  // Keep criterion order natural: access.1 … access.4 before kiosk.access.
  questions.sort((a, b) => CODE_ORDER.compare(a.code, b.code));
  const weighted = nodeRows.filter((r) => r.weight !== null && r.weight !== undefined);
  const weights = weighted.length > 0 ? new Map(weighted.map((r) => [r.code, Number(r.weight)])) : undefined;
  return { nodes, questions, tree: buildTree(nodes, questions, indexCode), questionText, weights };
}

interface QuestionPatch {
  text?: string;
  textEn?: string | null;
  nodeCode?: string;
}

/** Use case: edit a question of a version that nobody has answered yet. */
export async function updateQuestion(db: Db, versionId: number, code: string, patch: QuestionPatch): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await assertVersionEditable(trx, versionId);
    const r = await trx
      .updateTable("question")
      .set({
        ...(patch.text !== undefined ? { text: patch.text } : {}),
        ...(patch.textEn !== undefined ? { text_en: patch.textEn } : {}),
        ...(patch.nodeCode !== undefined ? { node_code: patch.nodeCode } : {}),
      })
      .where("version_id", "=", versionId)
      .where("code", "=", code)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new InputError("not_found", `Không có câu hỏi "${code}" trong phiên bản này.`, {}, 404);
  });
  clearDefinitionCache();
}
