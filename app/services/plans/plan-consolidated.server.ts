import { z } from "zod";
import type { Paragraph, Table } from "docx";
import { docx } from "../../platform/libraries.server";
import type { Db, Tx } from "../../platform/db.server";
import { viDay } from "../../domain/days";
import { assigneeLabel, periodCodeEnd, REPORT_ROUNDS, REPORT_STATUS_LABEL, reportForPeriod, roundOfStoredPeriod, roundWindow, taskPeriods, type ReportRound, type ReportStatus } from "../../domain/plans";
import { formatNumber, formatPercent } from "../../i18n/format";
import { audit, type SessionUser, type Actor } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { planOverview } from "./leader-view.server";
import { reportingAgencies } from "./agency-reports.server";
import { loadPlan, taskAgencies } from "./plans.server";
import { planContext } from "./org-context.server";

/**
 * The province's consolidated report on a plan for a round (quý I, 6 tháng, 9 tháng, năm): each
 * task's latest status and evidence up to the round's end, each dimension's official and measured
 * scores, what is late, and who has not reported at each level (province, district, commune).
 * Drafted for the coordinator to print (A4) or edit (DOCX).
 */

const LEVEL_LABEL: Record<string, string> = { province: "Cấp tỉnh (sở, ban, ngành)", district: "Cấp huyện", commune: "Cấp xã" };

/** For a page's loader: a refusal (bad round, unknown plan) becomes its status with the Vietnamese message, never a 5xx. */
export async function asPage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof InputError) throw new Response(e.message, { status: e.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw e;
  }
}

export function parseRound(v: string | null): ReportRound {
  const r = (v ?? "").toUpperCase();
  if ((REPORT_ROUNDS as readonly string[]).includes(r)) return r as ReportRound;
  if (!v) return "NAM";
  throw new InputError("invalid_input", "Kỳ báo cáo phải là quý I, 6 tháng, 9 tháng hoặc năm.", { ky: "Chọn Q1, 6T, 9T hoặc NAM." }, 400);
}

export async function consolidatedReport(db: Db, planCode: string, yearParam: number | null, round: ReportRound, today: string) {
  const { plan, dimensions: dims, tasks } = await loadPlan(db, planCode);
  const overview = await planOverview(db, planCode, today);
  const ctx = await planContext(db);
  const year = yearParam ?? plan.year;
  if (year < plan.year || year > (plan.yearTo ?? plan.year)) throw new InputError("invalid_input", `Năm ${year} nằm ngoài kế hoạch.`, { nam: "Chọn năm của kế hoạch." }, 400);
  const w = roundWindow(year, round);
  const reports = tasks.length
    ? await db.selectFrom("plan_report as r").innerJoin("agency as a", "a.id", "r.agency_id")
      .select(["r.task_id", "r.period", "r.status", "r.text", "r.evidence_doc", "r.evidence_url", "r.submitted_day", "a.code", "a.name"])
      .where("r.task_id", "in", tasks.map((t) => t.id)).execute()
    : [];
  const window = { from: plan.reportFrom, to: plan.reportTo, graceDays: plan.graceDays, eventDays: plan.eventDays };
  const agencyOf = new Map(ctx.agencies.map((a) => [a.code, a]));
  const missing = new Map<string, { name: string; level: string; items: string[] }>();
  const late: Array<{ task: string; agency: string; period: string; due: string; submittedOn: string }> = [];
  const taskRows = tasks.map((t) => {
    const periods = taskPeriods(t.schedule, window, t.triggeredOn).filter((p) => p.end <= w.end && p.end >= w.start);
    const mine = reports.filter((r) => r.task_id === t.id && periods.some((p) => p.code === roundOfStoredPeriod(r.period)));
    for (const a of taskAgencies(t, ctx)) {
      for (const p of periods) {
        const r = reportForPeriod(mine.filter((x) => x.code === a), p.code);
        const info = agencyOf.get(a);
        if (!r && p.due < today && info) {
          const m = missing.get(a) ?? { name: info.name, level: info.level ?? "province", items: [] };
          m.items.push(`${t.code} (${p.label})`);
          missing.set(a, m);
        } else if (r && r.submitted_day > p.due) late.push({ task: t.code, agency: r.name, period: p.label, due: p.due, submittedOn: r.submitted_day });
      }
    }
    const latest = [...mine].sort((a, b) => periodCodeEnd(a.period).localeCompare(periodCodeEnd(b.period)) || a.submitted_day.localeCompare(b.submitted_day));
    const byAgency = new Map<string, (typeof latest)[number]>();
    for (const r of latest) byAgency.set(r.code, r);
    return {
      code: t.code, dimensionId: t.dimensionId, title: t.title, target: t.target, time: t.scheduleText,
      lead: t.lead.map((a) => assigneeLabel(a, ctx.agencies, ctx.groups)).join("; ") || t.leadText || "",
      reports: [...byAgency.values()].map((r) => ({ agency: r.name, status: REPORT_STATUS_LABEL[r.status as ReportStatus], text: r.text, evidence: [r.evidence_doc, r.evidence_url].filter(Boolean).join("; ") })),
      periods: periods.length,
    };
  });
  const topOf = (id: number): number => {
    const d = dims.find((x) => x.id === id)!;
    return d.parent_id ?? d.id;
  };
  const dimensions = overview.dimensions.map((d) => ({
    code: d.code, name: d.name, official: d.official, measured: d.measured,
    scoreLabel: scoreText(d.official, d.measured),
    tasks: taskRows.filter((t) => topOf(t.dimensionId) === d.id),
  }));
  const levels = ["province", "district", "commune"].map((lv) => ({
    level: lv, label: LEVEL_LABEL[lv], agencies: [...missing.values()].filter((m) => m.level === lv).map((m) => ({ name: m.name, items: m.items })).sort((a, b) => a.name.localeCompare(b.name, "vi")),
  }));
  // the chain: which communes (before 2025, districts) have consolidated their own agencies' reports
  const filed = await roundConsolidations(db, plan.id, `${year}-${round}`);
  const involved = new Set(tasks.flatMap((t) => [...taskAgencies(t, ctx)]));
  const chain = ctx.agencies
    .filter((a) => involved.has(a.code) && consolidates(a.kind, a.level, w.end))
    .map((a) => {
      const f = filed.find((x) => x.code === a.code);
      const snap = f ? (JSON.parse(f.snapshot) as Array<{ missing: string[] }>) : [];
      return { code: a.code, name: a.name, level: a.level ?? "commune", submittedOn: f?.submitted_day ?? null, note: f?.note ?? null, missing: snap.reduce((n, m) => n + m.missing.length, 0) };
    })
    .sort((a, b) => (a.submittedOn === null ? 1 : 0) - (b.submittedOn === null ? 1 : 0) || a.name.localeCompare(b.name, "vi"));
  return {
    chain,
    plan: { code: plan.code, title: plan.title, docNumber: plan.docNumber, issuedOn: plan.issuedOn, year: plan.year, yearTo: plan.yearTo, province: plan.province ?? "Đắk Lắk", formerProvince: plan.formerProvince },
    round, roundLabel: w.label, year, windowEnd: w.end, today,
    dimensions, late, levels,
    totals: { tasks: tasks.length, reported: taskRows.filter((t) => t.reports.length).length, missingAgencies: missing.size, late: late.length },
  };
}

/** Official and measured, each labelled for what it is. */
function scoreText(official: number | null, measured: number | null): string {
  const parts: string[] = [];
  parts.push(`chính thức: ${official !== null ? formatNumber(official, "vi", 2) : "chưa công bố"}`);
  parts.push(`đo được: ${measured !== null ? formatPercent(measured) : "không đo"}`);
  return parts.join(" · ");
}

type Consolidated = Awaited<ReturnType<typeof consolidatedReport>>;

/** The same report as an editable DOCX in the administrative form (Quốc hiệu, số/ký hiệu, nơi nhận). */
export async function consolidatedDocx(r: Consolidated): Promise<Buffer> {
  const { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await docx();
  const p = (text: string, o: { bold?: boolean; center?: boolean; italic?: boolean; size?: number } = {}) =>
    new Paragraph({ alignment: o.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED, children: [new TextRun({ text, bold: o.bold, italics: o.italic, size: o.size ?? 26, font: "Times New Roman" })] });
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: 22, font: "Times New Roman" })] })] });
  const province = r.plan.province.toUpperCase();
  const head = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ children: [
      new TableCell({ children: [p(`ỦY BAN NHÂN DÂN TỈNH ${province}`, { bold: true, center: true, size: 24 }), p("Số: …/BC-UBND", { center: true, size: 24 })] }),
      new TableCell({ children: [p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { bold: true, center: true, size: 24 }), p("Độc lập - Tự do - Hạnh phúc", { bold: true, center: true, size: 24 }), p(`${r.plan.province}, ngày … tháng … năm ${r.year}`, { italic: true, center: true, size: 24 })] }),
    ] })],
  });
  const body: Array<Paragraph | Table> = [
    head, p(""),
    p("BÁO CÁO", { bold: true, center: true, size: 28 }),
    p(`Kết quả thực hiện ${r.plan.title}${r.plan.docNumber ? ` (số ${r.plan.docNumber})` : ""} — ${r.roundLabel}`, { bold: true, center: true }),
    p(`Số liệu báo cáo của các cơ quan, đơn vị đến ngày ${viDay(r.windowEnd)}; dự thảo lập ngày ${viDay(r.today)}.`, { italic: true }),
    p("I. KẾT QUẢ THỰC HIỆN THEO LĨNH VỰC", { bold: true }),
  ];
  for (const d of r.dimensions) {
    body.push(p(`${d.code}. ${d.name} (${d.scoreLabel})`, { bold: true }));
    if (d.tasks.length === 0) continue;
    body.push(new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ children: [cell("Mã", true), cell("Nhiệm vụ", true), cell("Chủ trì", true), cell("Tình hình thực hiện", true), cell("Minh chứng", true)] }),
        ...d.tasks.map((t) => new TableRow({ children: [
          cell(t.code), cell(t.title.slice(0, 400)), cell(t.lead),
          cell(t.reports.length ? t.reports.map((x) => `${x.agency}: ${x.status}. ${x.text}`).join("\n") : "Chưa có báo cáo."),
          cell(t.reports.map((x) => x.evidence).filter(Boolean).join("; ") || "—"),
        ] })),
      ],
    }));
  }
  body.push(p("II. BÁO CÁO NỘP MUỘN", { bold: true }));
  body.push(...(r.late.length ? r.late.map((l) => p(`- Nhiệm vụ ${l.task}, ${l.agency}, kỳ ${l.period}: hạn ${viDay(l.due)}, nộp ${viDay(l.submittedOn)}.`)) : [p("Không có.")]));
  body.push(p("III. CƠ QUAN CHƯA BÁO CÁO", { bold: true }));
  for (const lv of r.levels) {
    body.push(p(`${lv.label}: ${lv.agencies.length ? "" : "không có."}`, { bold: true }));
    for (const a of lv.agencies) body.push(p(`- ${a.name}: ${a.items.slice(0, 20).join(", ")}${a.items.length > 20 ? "…" : ""}`));
  }
  body.push(p("IV. TỔNG HỢP CỦA ĐỊA PHƯƠNG", { bold: true }));
  body.push(...(r.chain.length ? r.chain.map((c) => p(`- ${c.name}: ${c.submittedOn ? `đã tổng hợp ngày ${viDay(c.submittedOn)}${c.missing ? ` (còn ${c.missing} kỳ chưa báo cáo)` : ""}${c.note ? `; ${c.note}` : ""}` : "chưa tổng hợp"}.`)) : [p("Không có địa phương phải tổng hợp.")]));
  body.push(p(""), p("Nơi nhận:", { bold: true, italic: true, size: 24 }), p("- Bộ Nội vụ (để báo cáo);", { size: 22 }), p("- Thường trực Tỉnh ủy, HĐND tỉnh (để báo cáo);", { size: 22 }), p("- Chủ tịch, các PCT UBND tỉnh;", { size: 22 }), p("- Các sở, ban, ngành; UBND cấp xã;", { size: 22 }), p("- Lưu: VT, SNV.", { size: 22 }));
  body.push(p("TM. ỦY BAN NHÂN DÂN", { bold: true, center: true }), p("CHỦ TỊCH", { bold: true, center: true }));
  const doc = new Document({ sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 } } }, children: body }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

// ---------------------------------------------------------------- the chain: commune (before 2025, district) → province

/** Agencies whose unit is the committee's unit or below it: the area the committee consolidates. */
async function areaAgencies(db: Db | Tx, committeeId: number): Promise<Array<{ id: number; code: string; name: string }>> {
  const c = await db.selectFrom("agency").select(["unit_id"]).where("id", "=", committeeId).executeTakeFirst();
  if (!c?.unit_id) return [];
  const units = await db.selectFrom("admin_unit").select(["id", "parent_id"]).execute();
  const inArea = new Set<number>([c.unit_id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of units) if (u.parent_id !== null && inArea.has(u.parent_id) && !inArea.has(u.id)) { inArea.add(u.id); grew = true; }
  }
  return (await db.selectFrom("agency").select(["id", "code", "name", "unit_id"]).where("active", "=", 1).execute())
    .filter((a) => a.unit_id !== null && inArea.has(a.unit_id)).map(({ id, code, name }) => ({ id, code, name }));
}

/** Whether a committee consolidates for a round: a commune committee; a district one only before 2025 (Phòng Nội vụ). */
function consolidates(kind: string, level: string | null, windowEnd: string): boolean {
  return kind === "people_committee" && (level === "commune" || (level === "district" && windowEnd < "2025-07-01"));
}

export const consolidateForm = z.object({
  plan: z.string({ error: "Chọn kế hoạch." }).trim().min(1, "Chọn kế hoạch."),
  agency: z.string({ error: "Chọn cơ quan." }).trim().min(1, "Chọn cơ quan."),
  round: z.enum(REPORT_ROUNDS, { error: "Chọn kỳ: quý I, 6 tháng, 9 tháng hoặc năm." }),
  year: z.coerce.number({ error: "Chọn năm." }).int().min(2000).max(2100),
  note: z.string().trim().max(3000, "Ghi chú dài quá 3.000 ký tự.").optional().transform((v) => v || null),
});

/**
 * Use case: a commune (before 2025, a district's Phòng Nội vụ) consolidates its own agencies'
 * reports for a round before they reach the province: a dated snapshot of who reported and who did
 * not, with its note. Filed again, it is replaced (the audit log keeps the earlier one).
 */
export async function consolidateRound(db: Db, user: SessionUser, input: z.infer<typeof consolidateForm>, actor: Actor, today: string): Promise<void> {
  const ctx = await planContext(db);
  const agency = ctx.agencies.find((a) => a.code === input.agency);
  if (!agency) throw new InputError("not_found", "Không tìm thấy cơ quan.", { agency: "Chọn cơ quan trong danh sách." }, 404);
  if (!(await reportingAgencies(user, ctx)).some((a) => a.code === agency.code)) throw new InputError("forbidden", "Anh/chị không được tổng hợp báo cáo cho cơ quan này.", {}, 403);
  const { plan, tasks } = await loadPlan(db, input.plan);
  const w = roundWindow(input.year, input.round);
  if (!consolidates(agency.kind, agency.level, w.end)) throw new InputError("invalid_input", "Chỉ UBND cấp xã (trước năm 2025: UBND cấp huyện qua Phòng Nội vụ) tổng hợp báo cáo của địa phương.", { agency: "Chọn UBND cấp xã." }, 400);
  if (input.year < plan.year || input.year > (plan.yearTo ?? plan.year)) throw new InputError("invalid_input", `Năm ${input.year} nằm ngoài kế hoạch.`, { year: "Chọn năm của kế hoạch." }, 400);
  const members = await areaAgencies(db, agency.id);
  const window = { from: plan.reportFrom, to: plan.reportTo, graceDays: plan.graceDays, eventDays: plan.eventDays };
  const reports = tasks.length ? await db.selectFrom("plan_report").select(["task_id", "agency_id", "period"]).where("task_id", "in", tasks.map((t) => t.id)).execute() : [];
  const snapshot = members.map((m) => {
    const reported: string[] = [];
    const missing: string[] = [];
    for (const t of tasks) {
      if (!taskAgencies(t, ctx).has(m.code)) continue;
      for (const p of taskPeriods(t.schedule, window, t.triggeredOn).filter((x) => x.end <= w.end && x.end >= w.start)) {
        const has = reports.some((r) => r.task_id === t.id && r.agency_id === m.id && roundOfStoredPeriod(r.period) === p.code);
        if (has) reported.push(`${t.code}|${p.code}`);
        else if (p.due < today) missing.push(`${t.code}|${p.code}`);
      }
    }
    return { agency: m.code, name: m.name, reported: reported.length, missing };
  }).filter((m) => m.reported > 0 || m.missing.length > 0);
  const round = `${input.year}-${input.round}`;
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("plan_consolidation").selectAll().where("plan_id", "=", plan.id).where("round", "=", round).where("agency_id", "=", agency.id).executeTakeFirst();
    const values = { note: input.note, snapshot: JSON.stringify(snapshot), submitted_day: today, submitted_at: new Date().toISOString(), submitted_by: actor.userId };
    if (before) await trx.updateTable("plan_consolidation").set(values).where("id", "=", before.id).execute();
    else await trx.insertInto("plan_consolidation").values({ ...values, plan_id: plan.id, round, agency_id: agency.id }).execute();
    await audit(trx, { userId: actor.userId, action: "plan.consolidate", entity: "plan", entityId: `${plan.code}:${round}:${agency.code}`, before: before ?? null, after: { note: input.note, members: snapshot.length }, ip: actor.ip });
  });
}

/** The consolidations filed for a plan's round, by committee code. */
async function roundConsolidations(db: Db, planId: number, round: string) {
  return db.selectFrom("plan_consolidation as c").innerJoin("agency as a", "a.id", "c.agency_id")
    .select(["a.code", "a.name", "c.submitted_day", "c.note", "c.snapshot"]).where("c.plan_id", "=", planId).where("c.round", "=", round).execute();
}
