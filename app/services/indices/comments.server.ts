// Use case: read the comments citizens left in a scope (province, unit or desk), masked, with their ratings.
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from "kysely";
import { CHANNELS, SURVEY_CHANNEL_LABEL, type Channel } from "../../domain/channels";
import { maskPersonalData } from "../../domain/masking";
import type { SessionUser } from "../../platform/auth.server";
import type { DB, Db } from "../../platform/db.server";
import { InputError } from "../../platform/errors";
import type { CommentFilter } from "../../schemas/comments";
import { readScope, scopeCovers } from "../feedback/staff-scope.server";
import { listUnits, subtreeIds } from "../org/reference.server";
import { readableUnit } from "../org/scope.server";

export const COMMENTS_PAGE_SIZE = 50;
/** The most rows one CSV download holds (the newest first). */
export const COMMENTS_EXPORT_MAX = 20_000;

export interface CommentText {
  /** The question's text, or null for the general comment at the end of the form. */
  question: string | null;
  /** Masked. */
  text: string;
}

export interface CommentRow {
  responseId: number;
  day: string;
  channel: string;
  pointCode: string;
  pointName: string;
  unitName: string;
  /** The response's lowest 1–5 rating, and the mean of its 1–5 ratings (null: none given). */
  minRating: number | null;
  avgRating: number | null;
  texts: CommentText[];
  /** The feedback item the comment became (kiosk follow-up), if any; id only when the user may read it. */
  feedback: { code: string; id: number | null } | null;
}

export interface CommentsPage {
  scope: { unitCode: string; unitName: string; pointCode: string | null; pointName: string | null };
  /** The units and desks the filter may pick (all within the user's readable home unit). */
  units: Array<{ code: string; name: string; depth: number }>;
  criteria: Array<{ index: string; criteria: Array<{ code: string; name: string }> }>;
  /** The chosen criterion's name: the ratings shown and filtered are then those of its questions. */
  criterionName: string | null;
  points: Array<{ code: string; name: string }>;
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  rows: CommentRow[];
}

type Eb = ExpressionBuilder<DB & { r: DB["response"] }, "r">;
/** The response's 1–5 answers, only those of the criterion's questions when nodes are given. */
const likertOf = (eb: Eb, nodes: string[] | null) => {
  const q = eb.selectFrom("answer as a").innerJoin("question as q", "q.id", "a.question_id")
    .whereRef("a.response_id", "=", "r.id").where("q.type", "=", "likert5").where("a.value", "is not", null);
  return nodes ? q.where("q.node_code", "in", nodes) : q;
};
const minRating = (eb: Eb, nodes: string[] | null) => likertOf(eb, nodes).select((e) => e.fn.min<number | null>("a.value").as("m"));
const avgRating = (eb: Eb, nodes: string[] | null) => likertOf(eb, nodes).select((e) => e.fn.avg<number | string | null>("a.value").as("m"));

/** What the rows of the comments view are chosen by, apart from a criterion or a rating. */
interface CommentedRows {
  pointIds: number[];
  channel: Channel | null;
  /** Local days, the end excluded. */
  from: string | null;
  to: string | null;
}

/**
 * The responses of some desks with a comment or a text answer, not excluded: the first from a
 * partial index that holds every column asked here (migration 0025; an index-only read of a few
 * percent of the responses), the second from the text answers (the responses without a comment).
 */
function commentedRows(db: Db, f: CommentedRows) {
  const arm = <T extends SelectQueryBuilder<DB, "response", object>>(q: T): T => {
    let b = q.where("response.excluded", "=", 0).where("response.service_point_id", "in", f.pointIds.length ? f.pointIds : [-1]);
    if (f.channel) b = b.where("response.channel", "=", f.channel);
    if (f.from) b = b.where("response.local_day", ">=", f.from);
    if (f.to) b = b.where("response.local_day", "<", f.to);
    return b as T;
  };
  const columns = ["response.id", "response.local_day", "response.channel", "response.service_point_id"] as const;
  return arm(db.selectFrom("response").select(columns).where(sql<boolean>`response.comment is not null and response.comment <> ''`))
    .unionAll(arm(db.selectFrom("response").select(columns)
      .where(sql<boolean>`(response.comment is null or response.comment = '')`)
      .where("response.id", "in", db.selectFrom("answer_text").select("answer_text.response_id"))));
}

/** The criteria a filter may pick: the first level under each index's root, grouped by index. */
async function criteria(db: Db) {
  const nodes = await db.selectFrom("index_node").select(["id", "code", "name", "parent_id", "sort"]).orderBy("sort").orderBy("id").execute();
  const roots = nodes.filter((n) => n.parent_id === null);
  const groups = roots.map((root) => ({
    index: root.name,
    criteria: nodes.filter((n) => n.parent_id === root.id).map((n) => ({ code: n.code, name: n.name })),
  })).filter((g) => g.criteria.length > 0);
  /** A criterion's own code and its descendants' (questions hang on leaves). */
  const subtree = (code: string): string[] | null => {
    const start = nodes.find((n) => n.code === code && n.parent_id !== null);
    if (!start) return null;
    const out = [start];
    for (let i = 0; i < out.length; i++) out.push(...nodes.filter((n) => n.parent_id === out[i].id));
    return out.map((n) => n.code);
  };
  return { groups, subtree };
}

/** "2024", month 3 → ["2024-03-01", "2024-04-01"): the local days of the period, end excluded. */
function period(year: number | null, month: number | null): [string, string] | null {
  if (year === null) return null;
  if (month === null) return [`${year}-01-01`, `${year + 1}-01-01`];
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
  return [`${year}-${String(month).padStart(2, "0")}-01`, next];
}

/**
 * The comments (the general comment and the text answers) of the responses of a scope: the unit asked
 * for (default: the user's home unit; 403 outside what they may read) or one desk of it; excluded
 * responses never show. Newest first (sort "moi", lowest rating first within a day) or lowest rating
 * first (sort "thap", newest first within a rating). Every text is masked (app/domain/masking.ts).
 */
export async function readComments(db: Db, user: SessionUser, filter: CommentFilter, opts: { all?: boolean } = {}): Promise<CommentsPage> {
  const home = await readableUnit(user, null);
  const unit = await readableUnit(user, filter.unit ?? home.code);
  const units = await listUnits(db);
  const homeIds = subtreeIds(units, home.id);
  const ids = [...subtreeIds(units, unit.id)];
  if (ids.length === 0) ids.push(unit.id);
  const deskRows = await db.selectFrom("service_point").select(["id", "code", "name", "unit_id"]).where("unit_id", "in", ids).orderBy("name").execute();
  let point: (typeof deskRows)[number] | null = null;
  if (filter.point) {
    point = deskRows.find((p) => p.code === filter.point) ?? null;
    if (!point) throw new InputError("invalid_input", "Không tìm thấy điểm phục vụ trong phạm vi đang xem.", { point: `Không có điểm phục vụ "${filter.point}" trong ${unit.name}.` }, 404);
  }

  const crit = await criteria(db);
  const nodes = filter.criterion ? crit.subtree(filter.criterion) : null;
  if (filter.criterion && !nodes) {
    throw new InputError("invalid_input", "Không có tiêu chí này.", { criterion: `Không có tiêu chí "${filter.criterion}".` }, 400);
  }
  const criterionName = filter.criterion ? crit.groups.flatMap((g) => g.criteria).find((c) => c.code === filter.criterion)?.name ?? null : null;

  const days = period(filter.year, filter.month);
  const pointIds = point ? [point.id] : deskRows.map((p) => p.id);
  /** The commented responses of the scope and filter, from a day on. */
  const scoped = (fromDay: string | null) => {
    let b = db.selectFrom(commentedRows(db, { pointIds, channel: filter.channel ?? null, from: fromDay, to: days?.[1] ?? null }).as("r"));
    // With a criterion: only the responses that rated it (their ratings shown are the criterion's).
    if (nodes) b = b.where((eb) => eb.exists(likertOf(eb as unknown as Eb, nodes).select("a.response_id")));
    if (filter.rating !== null) b = b.where((eb) => eb(minRating(eb as unknown as Eb, nodes), "=", filter.rating!));
    return b;
  };
  const base = scoped(days?.[0] ?? null);

  const totalRow = await base.select((eb) => eb.fn.countAll<number | string>().as("n")).executeTakeFirst();
  const total = Number(totalRow?.n ?? 0);
  const pageSize = opts.all ? COMMENTS_EXPORT_MAX : COMMENTS_PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = opts.all ? 1 : Math.min(filter.page, pages);

  // Newest first: the page's rows all lie on or after the day of its last row in day order, so the
  // ratings that order rows within a day are computed for those days only, not for every comment.
  const last = filter.sort === "thap" ? undefined
    : await base.select("r.local_day").orderBy("r.local_day", "desc").orderBy("r.id", "desc").limit(1).offset(page * pageSize - 1).executeTakeFirst();
  let q = (last ? scoped(last.local_day) : base)
    .innerJoin("response as full", "full.id", "r.id")
    .innerJoin("service_point as sp", "sp.id", "r.service_point_id")
    .innerJoin("admin_unit as u", "u.id", "sp.unit_id")
    .select((eb) => [
      "r.id", "r.local_day", "r.channel", "full.comment", "sp.code as point_code", "sp.name as point_name", "u.name as unit_name",
      minRating(eb as unknown as Eb, nodes).as("min_rating"),
      avgRating(eb as unknown as Eb, nodes).as("avg_rating"),
    ]);
  if (filter.sort === "thap") {
    q = q.orderBy((eb) => eb.fn.coalesce(minRating(eb as unknown as Eb, nodes), sql<number>`9`), "asc").orderBy("r.local_day", "desc");
  } else {
    q = q.orderBy("r.local_day", "desc").orderBy((eb) => eb.fn.coalesce(minRating(eb as unknown as Eb, nodes), sql<number>`9`), "asc");
  }
  const found = await q.orderBy("r.id", "desc").limit(pageSize).offset((page - 1) * pageSize).execute();

  const responseIds = found.map((r) => r.id);
  const [texts, items, scope] = await Promise.all([
    responseIds.length
      ? db.selectFrom("answer_text as t").innerJoin("question as q", "q.id", "t.question_id")
        .select(["t.response_id", "t.text", "q.text as question"]).where("t.response_id", "in", responseIds).orderBy("q.sort").execute()
      : Promise.resolve([]),
    responseIds.length
      ? db.selectFrom("feedback_item").select(["id", "tracking_code", "response_id", "agency_id", "unit_id", "kind"]).where("response_id", "in", responseIds).execute()
      : Promise.resolve([]),
    readScope(db, user),
  ]);

  const rows: CommentRow[] = found.map((r) => {
    const mine: CommentText[] = texts.filter((t) => t.response_id === r.id && t.text.trim()).map((t) => ({ question: t.question, text: maskPersonalData(t.text) }));
    if (r.comment && r.comment.trim()) mine.push({ question: null, text: maskPersonalData(r.comment) });
    const item = items.find((i) => i.response_id === r.id);
    const avg = r.avg_rating === null || r.avg_rating === undefined ? null : Number(r.avg_rating);
    return {
      responseId: r.id,
      day: r.local_day,
      channel: (CHANNELS as readonly string[]).includes(r.channel) ? SURVEY_CHANNEL_LABEL[r.channel as Channel] : "Khác",
      pointCode: r.point_code,
      pointName: r.point_name,
      unitName: r.unit_name,
      minRating: r.min_rating === null || r.min_rating === undefined ? null : Number(r.min_rating),
      avgRating: avg === null ? null : Math.round(avg * 10) / 10,
      texts: mine,
      feedback: item ? { code: item.tracking_code, id: scopeCovers(scope, item) ? item.id : null } : null,
    };
  });

  const depthOf = (id: number | null): number => {
    let d = 0;
    for (let u = units.find((x) => x.id === id); u && u.id !== home.id && d < 10; u = units.find((x) => x.id === u!.parent_id)) d++;
    return d;
  };
  return {
    scope: { unitCode: unit.code, unitName: unit.name, pointCode: point?.code ?? null, pointName: point?.name ?? null },
    units: units.filter((u) => homeIds.has(u.id)).map((u) => ({ code: u.code, name: u.name, depth: depthOf(u.id) }))
      .sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name, "vi")),
    points: deskRows.map((p) => ({ code: p.code, name: p.name })),
    criteria: crit.groups,
    criterionName,
    total, page, pages, pageSize, rows,
  };
}
