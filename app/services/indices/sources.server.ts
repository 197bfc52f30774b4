import type { Db } from "../../platform/db.server";
import { CHANNELS, type Channel } from "../../domain/channels";
import { resolveDrillScope } from "./dashboard.server";
import { yearMonths } from "../../domain/periods";
import { closedMonthsRows } from "./closed-months.server";

/**
 * Where a figure's respondents come from (the "Nguồn số liệu" line of the dashboards and the
 * `sources` of GET /api/v1/indices): respondents per channel from the channel rollups, and the
 * survey rounds with respondents in the same scope and months from the round rollups. A
 * respondent is one with a score on the index (the n of the figure); a round's respondents are
 * also counted in its channel (rounds are interviews on the paper channel).
 */
export interface FigureSources {
  index: string;
  months: { from: string; to: string };
  /** Every channel the figure reads (one when the figure is filtered), with its respondents. */
  channels: Array<{ channel: Channel; respondents: number }>;
  /** Respondents of the figure (the sum over channels). */
  respondents: number;
  /** Rounds with respondents in the scope and months, most respondents first. */
  rounds: Array<{ code: string; name: string; year: number; channel: string; status: string; respondents: number }>;
}

export async function figureSources(
  db: Db,
  q: { pointIds: number[]; months: { from: string; to: string }; channel: Channel | "all"; index?: string },
): Promise<FigureSources> {
  const index = q.index ?? "SIPAS";
  const channels = q.channel === "all" ? [...CHANNELS] : [q.channel];
  const none: FigureSources = { index, months: q.months, channels: channels.map((channel) => ({ channel, respondents: 0 })), respondents: 0, rounds: [] };
  if (q.pointIds.length === 0) return none;
  const [byChannel, byRound] = await Promise.all([
    closedMonthsRows(db, {
      key: `sources|${index}|${channels.join(",")}|${q.pointIds.join(",")}`,
      months: q.months,
      read: (m) => db.selectFrom("rollup_node_month")
        .select((eb) => ["channel", eb.fn.sum<number>("n").as("n")])
        .where("node_code", "=", index)
        .where("month", ">=", m.from).where("month", "<=", m.to)
        .where("service_point_id", "in", q.pointIds)
        .where("channel", "in", channels)
        .groupBy("channel")
        .execute(),
    }),
    db.selectFrom("rollup_round_node as x")
      .innerJoin("survey_round as r", "r.id", "x.round_id")
      .select((eb) => ["r.code", "r.name", "r.year", "r.channel", "r.status", eb.fn.sum<number>("x.n").as("n")])
      .where("x.node_code", "=", index)
      .where("x.month", ">=", q.months.from).where("x.month", "<=", q.months.to)
      .where("x.service_point_id", "in", q.pointIds)
      .where("r.channel", "in", channels)
      .groupBy(["r.id", "r.code", "r.name", "r.year", "r.channel", "r.status"])
      .execute(),
  ]);
  const list = channels.map((channel) => ({ channel, respondents: byChannel.filter((r) => r.channel === channel).reduce((a, r) => a + Number(r.n), 0) }));
  return {
    index,
    months: q.months,
    channels: list,
    respondents: list.reduce((a, c) => a + c.respondents, 0),
    rounds: byRound
      .map((r) => ({ code: r.code, name: r.name, year: r.year, channel: r.channel, status: r.status, respondents: Number(r.n) }))
      .filter((r) => r.respondents > 0)
      .sort((a, b) => b.respondents - a.respondents || a.code.localeCompare(b.code)),
  };
}

/** The months of a year (the dashboards read whole years). */

/** The sources of a desk's or an agency's figures for a year: the same desks as its figures (the caller checks the scope). */
export async function deskSources(db: Db, ref: { kind: "point" | "agency"; code: string }, q: { year: number; channel: Channel | "all" }): Promise<FigureSources> {
  const scope = await resolveDrillScope(db, ref);
  return figureSources(db, { pointIds: scope.pointIds, months: yearMonths(q.year), channel: q.channel });
}
