import { z } from "zod";
import { type Db, isUniqueViolation } from "../../platform/db.server";
import population from "../../../db/seed/population.json";
import { localDay } from "../../domain/periods";
import { allocate, CONFIDENCES, postStratify, quotaProgress, sampleSize, varianceFromSums, type Allocation, type Stratum } from "../../domain/rounds";
import { scoreTree, type ScoredNode } from "../../domain/scoring";
import type { Channel } from "../../domain/channels";
import { type SessionUser, audit } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { currentVersion, loadIndex } from "../surveys/questionnaires.server";
import { listUnits, subtreeIds, type UnitRow } from "../org/reference.server";
import { submitResponse } from "../surveys/responses.server";
import { linkStoredResponse, loadRoundCounts, poolCounts, type RoundCounts } from "../surveys/round-rollups.server";
import { userCan } from "../../platform/session.server";
import { parseSpec } from "../../domain/question-types";
import { answerValues, surveyFieldErrors, surveyFormSchema, type SurveyFormValues } from "../../schemas/survey-form";

/** Demo population per district-level unit (db/seed/population.json; rounded, not official). */
export const POPULATION: { note: string; year: number; units: Record<string, number> } = population;

/** Round entries are interviewer-administered, the paper channel's mode (docs/decisions/0009). */
const ROUND_CHANNEL: Channel = "paper";

const CODE_RE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export const calculatorInput = z.object({
  confidence: z.coerce.number({ error: "Độ tin cậy phải là 90 %, 95 % hoặc 99 %." }).refine((v) => (CONFIDENCES as readonly number[]).includes(v), "Độ tin cậy phải là 90 %, 95 % hoặc 99 %."),
  margin: z.coerce.number({ error: "Sai số phải là một số, ví dụ 0,05." }).min(0.01, "Sai số tối thiểu là 0,01 (1 điểm %).").max(0.2, "Sai số tối đa là 0,2 (20 điểm %)."),
  allocation: z.enum(["proportional", "equal"], { error: "Cách phân bổ phải là theo dân số hoặc chia đều." }),
});

export const roundInput = calculatorInput.extend({
  code: z.string().trim().toUpperCase().regex(CODE_RE, "Mã đợt gồm 2–32 chữ in hoa, số hoặc dấu gạch, ví dụ PAPI-2026-1."),
  name: z.string().trim().min(3, "Hãy nhập tên đợt (ít nhất 3 ký tự).").max(200, "Tên đợt tối đa 200 ký tự."),
  questionnaire: z.string().trim().min(1, "Hãy chọn bảng hỏi."),
  startsOn: z.string().regex(DAY_RE, "Ngày bắt đầu phải có dạng năm-tháng-ngày."),
  endsOn: z.string().regex(DAY_RE, "Ngày kết thúc phải có dạng năm-tháng-ngày."),
  weighting: z.enum(["none", "population"], { error: "Hãy chọn có gia quyền theo dân số hay không." }),
  quotas: z.array(z.object({ unit: z.string(), population: z.number().int().min(1), target: z.number().int().min(1).max(100000) })).min(1, "Hãy chọn ít nhất một đơn vị và nhập chỉ tiêu mẫu."),
}).refine((r) => r.endsOn >= r.startsOn, { path: ["endsOn"], message: "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." })
  .refine((r) => r.startsOn.slice(0, 4) === r.endsOn.slice(0, 4), { path: ["endsOn"], message: "Một đợt khảo sát nằm trọn trong một năm." });
type RoundInput = z.infer<typeof roundInput>;

/** Reads the per-unit rows of the admin form: inc_<UNIT>, pop_<UNIT>, n_<UNIT>. */
export function readQuotaFields(fields: Record<string, string | string[]>, fieldErrors: Record<string, string>) {
  const quotas: Array<{ unit: string; population: number; target: number }> = [];
  for (const [k, v] of Object.entries(fields)) {
    if (!k.startsWith("inc_") || v !== "1") continue;
    const unit = k.slice(4);
    const pop = Number(String(fields[`pop_${unit}`] ?? "").replace(/[.\s]/g, ""));
    const target = Number(String(fields[`n_${unit}`] ?? "").trim());
    if (!Number.isInteger(pop) || pop < 1) fieldErrors[`pop_${unit}`] = `Dân số của ${unit} phải là số nguyên dương.`;
    if (!Number.isInteger(target) || target < 1) fieldErrors[`n_${unit}`] = `Chỉ tiêu mẫu của ${unit} phải là số nguyên từ 1 trở lên.`;
    quotas.push({ unit, population: pop, target });
  }
  return quotas;
}

interface CalculatorRow { code: string; name: string; population: number; target: number }

/** The calculator: total n (with the finite population correction over the chosen units) and quotas. */
export function calculate(units: Array<{ code: string; name: string; population: number }>, c: { confidence: number; margin: number; allocation: Allocation }) {
  const N = units.reduce((a, u) => a + u.population, 0);
  const size = sampleSize({ confidence: c.confidence, margin: c.margin, population: N || null });
  const targets = allocate(size.n, units.map((u) => u.population), c.allocation);
  return { population: N, n0: size.n0, n: size.n, rows: units.map((u, i): CalculatorRow => ({ ...u, target: targets[i] })) };
}

/** The district-level units with their demo population (prefill of the admin form). */
export async function quotaUnits(db: Db): Promise<Array<{ code: string; name: string; population: number }>> {
  const units = await listUnits(db);
  return units.filter((u) => u.level === "district").map((u) => ({ code: u.code, name: u.name, population: POPULATION.units[u.code] ?? 0 }));
}

export async function listRounds(db: Db) {
  const rows = await db
    .selectFrom("survey_round as r")
    .innerJoin("questionnaire as q", "q.id", "r.questionnaire_id")
    .select(["r.id", "r.code", "r.name", "r.year", "r.status", "r.weighting", "r.channel", "r.starts_on", "r.ends_on", "q.name as questionnaire"])
    .orderBy("r.starts_on", "desc").orderBy("r.id", "desc")
    .execute();
  const targets = await db.selectFrom("round_quota").select((eb) => ["round_id", eb.fn.sum<number>("target_n").as("t")]).groupBy("round_id").execute();
  // Respondents counted in the round's figures: its rollup's index node (excluded responses are not in it).
  const done = await db.selectFrom("rollup_round_node as x")
    .innerJoin("survey_round as r", "r.id", "x.round_id").innerJoin("questionnaire as q", "q.id", "r.questionnaire_id")
    .whereRef("x.node_code", "=", "q.index_code")
    .select((eb) => ["x.round_id", eb.fn.sum<number>("x.n").as("c")]).groupBy("x.round_id").execute();
  return rows.map((r) => ({
    ...r,
    target: Number(targets.find((t) => t.round_id === r.id)?.t ?? 0),
    done: Number(done.find((d) => d.round_id === r.id)?.c ?? 0),
  }));
}

export async function questionnaireOptions(db: Db) {
  const rows = await db.selectFrom("questionnaire").select(["code", "name"]).orderBy("id").execute();
  const out: Array<{ value: string; label: string }> = [];
  for (const r of rows) {
    const v = await currentVersion(db, r.code);
    if (v && v.channels.includes(ROUND_CHANNEL)) out.push({ value: r.code, label: r.name });
  }
  return out;
}

/** Use case: create a round with its quotas (audited). */
export async function createRound(db: Db, input: RoundInput, actor: { userId: number; ip: string | null }): Promise<void> {
  const fields: Record<string, string> = {};
  const version = await currentVersion(db, input.questionnaire);
  if (!version) fields.questionnaire = `Không có bảng hỏi "${input.questionnaire}" đang phát hành.`;
  else if (!version.channels.includes(ROUND_CHANNEL)) fields.questionnaire = `Bảng hỏi ${version.code} không dùng cho phiếu phỏng vấn (kênh giấy).`;
  // Quota units by code among the units' rows (a round may be planned for a past year's units).
  const units = await db.selectFrom("admin_unit").select(["id", "code"]).where("active", "=", 1).execute();
  const byCode = new Map(units.map((u) => [u.code, u]));
  for (const q of input.quotas) if (!byCode.has(q.unit)) fields[`n_${q.unit}`] = `Không có đơn vị "${q.unit}".`;
  if (await db.selectFrom("survey_round").select("id").where("code", "=", input.code).executeTakeFirst()) fields.code = `Mã đợt ${input.code} đã có; hãy chọn mã khác.`;
  if (Object.keys(fields).length) throw new InputError("invalid_input", "Chưa tạo được đợt khảo sát: xem các ô được đánh dấu.", fields, 400);
  await db.transaction().execute(async (trx) => {
    const r = await trx.insertInto("survey_round").values({
      code: input.code, name: input.name, year: Number(input.startsOn.slice(0, 4)), questionnaire_id: version!.questionnaireId, channel: ROUND_CHANNEL,
      starts_on: input.startsOn, ends_on: input.endsOn, weighting: input.weighting, status: "draft", confidence: input.confidence, margin: input.margin,
    }).returning("id").executeTakeFirstOrThrow();
    for (const q of input.quotas) {
      await trx.insertInto("round_quota").values({ round_id: r.id, unit_id: byCode.get(q.unit)!.id, population: q.population, target_n: q.target }).execute();
    }
    await audit(trx, { userId: actor.userId, action: "round.create", entity: "survey_round", entityId: input.code, after: input, ip: actor.ip });
  });
}

const NEXT: Record<string, string[]> = { draft: ["open"], open: ["closed"], closed: ["open"] };

/** Use case: open or close a round (draft → open → closed, a closed round may reopen). */
export async function setRoundStatus(db: Db, code: string, status: "open" | "closed", actor: { userId: number; ip: string | null }): Promise<void> {
  const r = await db.selectFrom("survey_round").select(["id", "status"]).where("code", "=", code).executeTakeFirst();
  if (!r) throw new InputError("not_found", `Không có đợt khảo sát ${code}.`, {}, 404);
  if (!NEXT[r.status]?.includes(status)) throw new InputError("invalid_input", `Đợt ${code} đang ở trạng thái "${r.status}", không chuyển sang "${status}" được.`, {}, 409);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("survey_round").set({ status }).where("id", "=", r.id).execute();
    await audit(trx, { userId: actor.userId, action: `round.${status}`, entity: "survey_round", entityId: code, before: { status: r.status }, after: { status }, ip: actor.ip });
  });
}

interface RoundQuotaView { unitId: number; code: string; name: string; population: number; target: number; done: number; progress: number }

/**
 * A round with its quotas, its counts per quota unit (its rollups) and the respondents counted
 * per quota: those with a score on the round's index, excluded responses left out.
 */
export async function roundByCode(db: Db, code: string) {
  const round = await db
    .selectFrom("survey_round as r")
    .innerJoin("questionnaire as q", "q.id", "r.questionnaire_id")
    .selectAll("r")
    .select(["q.code as questionnaire_code", "q.name as questionnaire_name", "q.index_code"])
    .where("r.code", "=", code)
    .executeTakeFirst();
  if (!round) return null;
  const units = await listUnits(db);
  const quotas = await db.selectFrom("round_quota").selectAll().where("round_id", "=", round.id).execute();
  const counts = await loadRoundCounts(db, round.id);
  const views: RoundQuotaView[] = quotas.map((q) => {
    const u = units.find((x) => x.id === q.unit_id);
    const d = counts.get(q.unit_id)?.nodes.get(round.index_code)?.n ?? 0;
    return { unitId: q.unit_id, code: u?.code ?? String(q.unit_id), name: u?.name ?? "", population: q.population, target: q.target_n, done: d, progress: quotaProgress(d, q.target_n) };
  }).sort((a, b) => b.population - a.population);
  return { round, quotas: views, units, counts };
}
export type RoundDetail = NonNullable<Awaited<ReturnType<typeof roundByCode>>>;

interface RoundFigure {
  code: string;
  name: string;
  unweighted: number | null;
  weighted: number | null;
  se: number | null;
  n: number;
}

/**
 * The round's figures, from the round's own rollups (rollup_round_*: only responses entered for
 * the round, excluded ones left out), per quota unit: unweighted (all quota units pooled) and
 * post-stratified by population. Never reads answers.
 */
export async function roundFigures(db: Db, detail: RoundDetail) {
  const { round, quotas, counts: byUnit } = detail;
  const index = await loadIndex(db, round.index_code);
  const months = { from: round.starts_on.slice(0, 7), to: round.ends_on.slice(0, 7) };
  const channel = round.channel as Channel;
  const none: RoundCounts = { questions: new Map(), nodes: new Map() };
  const per = quotas.map((q) => {
    const counts = byUnit.get(q.unitId) ?? none;
    return { q, counts, scored: scoreTree(index.tree, counts.questions, counts.nodes) };
  });
  const pooled = poolCounts(per.map((p) => p.counts));
  const pooledTree = scoreTree(index.tree, pooled.questions, pooled.nodes);
  const find = (s: ScoredNode, code: string): ScoredNode | undefined => (s.code === code ? s : s.children.map((c) => find(c, code)).find(Boolean));
  const nodeCodes = [index.tree.def.code, ...index.tree.children.map((c) => c.def.code)];
  const figures: RoundFigure[] = [];
  let detailOverall: ReturnType<typeof postStratify> | null = null;
  for (const code of nodeCodes) {
    const strata: Stratum[] = per.map(({ q, counts, scored }) => {
      const s = find(scored, code);
      const sums = counts.nodes.get(code);
      return { code: q.code, population: q.population, n: s?.value === null || !s ? 0 : s.n, mean: s?.value ?? null, variance: sums ? varianceFromSums(sums.n, sums.sum, sums.sumSq) : null };
    });
    const ps = postStratify(strata);
    if (code === index.tree.def.code) detailOverall = ps;
    const p = find(pooledTree, code);
    const def = index.nodes.find((n) => n.code === code);
    figures.push({ code, name: def?.name ?? code, unweighted: p?.value ?? null, weighted: ps.value, se: ps.se, n: p?.n ?? 0 });
  }
  const perUnit = per.map(({ q, scored }) => ({ code: q.code, value: scored.value, n: scored.n }));
  return { figures, overall: detailOverall!, perUnit, months, channel, indexCode: round.index_code };
}

/** Which service points an interviewer may enter for in this round: quota units ∩ enter:feedback. */
export async function entryPoints(db: Db, user: SessionUser, detail: RoundDetail) {
  const points = await db.selectFrom("service_point").select(["id", "code", "name", "unit_id"]).where("active", "=", 1).orderBy("id").execute();
  const out: Array<{ code: string; name: string; quota: string; quotaName: string }> = [];
  for (const q of detail.quotas) {
    const ids = subtreeIds(detail.units as UnitRow[], q.unitId);
    for (const p of points.filter((x) => ids.has(x.unit_id))) {
      if (await userCan(user, "enter:feedback", { servicePointId: p.id })) out.push({ code: p.code, name: p.name, quota: q.code, quotaName: q.name });
    }
  }
  return out;
}

/**
 * Use case: an interviewer's entry. Through submitResponse (validation, rollups, idempotency),
 * linked to the round and the quota unit with the interviewer's id and added to the round's
 * rollups in the same transaction; a replay with the same key stores nothing new.
 */
async function enterRoundResponse(
  db: Db,
  user: SessionUser,
  detail: RoundDetail,
  body: { servicePoint: string; answers: Record<string, unknown>; idempotencyKey: string; comment?: string | null },
  now = new Date(),
): Promise<{ id: number; replay: boolean }> {
  const { round } = detail;
  if (round.status !== "open") throw new InputError("invalid_input", `Đợt ${round.code} chưa mở hoặc đã đóng: không nhận phiếu.`, {}, 409);
  const today = localDay(now);
  if (today < round.starts_on || today > round.ends_on) {
    throw new InputError("invalid_input", `Đợt ${round.code} chỉ nhận phiếu từ ${round.starts_on} đến ${round.ends_on}.`, {}, 409);
  }
  const allowed = await entryPoints(db, user, detail);
  const point = allowed.find((p) => p.code === body.servicePoint);
  if (!point) throw new InputError("forbidden", "Hãy chọn một điểm phục vụ thuộc các đơn vị của đợt mà anh/chị được nhập phiếu.", { servicePoint: "Điểm phục vụ không thuộc đợt này hoặc ngoài phạm vi được giao." }, 403);
  const quota = detail.quotas.find((q) => q.code === point.quota)!;
  const link = { roundId: round.id, unitId: quota.unitId, interviewerId: user.id };
  // Linked and rolled up by round in the response's own transaction (responses.server.ts).
  const res = await submitResponse(db, {
    questionnaire: round.questionnaire_code, servicePoint: point.code, channel: round.channel,
    answers: body.answers, idempotencyKey: `round:${round.code}:${body.idempotencyKey}`, comment: body.comment ?? null,
  }, now, { round: link });
  // A replay of an entry stored without its link (before migration 0014) repairs it.
  if (res.replay) {
    await linkStoredResponse(db, res.id, link).catch((e) => {
      if (!isUniqueViolation(e)) throw e; // a concurrent replay linked it first
    });
  }
  return { id: res.id, replay: res.replay };
}

/** The questionnaire version a round's interviewers fill in (409 while it is not published). */
async function roundVersion(db: Db, detail: RoundDetail) {
  const version = await currentVersion(db, detail.round.questionnaire_code);
  if (!version) throw new InputError("invalid_input", "Bảng hỏi của đợt chưa được phát hành.", {}, 409);
  return version;
}

type RoundEntryResult = { ok: true; id: number; replay: boolean } | { ok: false; status: number; errors: Record<string, string> };

/**
 * Use case: one interview as the interviewer typed it (form strings), from the no-JS form post or
 * from the tablet's offline outbox (/api/v1/rounds/<code>/responses): same checks, same messages.
 */
export async function enterRoundForm(db: Db, user: SessionUser, detail: RoundDetail, values: SurveyFormValues): Promise<RoundEntryResult> {
  try {
    const version = await roundVersion(db, detail);
    const codes = version.questions.map((q) => q.code);
    const types = Object.fromEntries(version.questions.map((q) => [q.code, { type: q.type, spec: parseSpec(q.spec) }]));
    const parsed = surveyFormSchema(codes, "vi", types).safeParse(values);
    if (!parsed.success) return { ok: false, status: 422, errors: surveyFieldErrors(parsed.error) };
    const r = await enterRoundResponse(db, user, detail, {
      servicePoint: parsed.data.servicePoint,
      answers: answerValues(parsed.data.answers as Record<string, string | number | undefined>, types),
      idempotencyKey: parsed.data.idempotencyKey,
      comment: parsed.data.comment ?? null,
    });
    return { ok: true, ...r };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, status: e.status, errors: { ...e.fields, _: e.message } };
    throw e;
  }
}
