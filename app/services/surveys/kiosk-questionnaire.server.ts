import type { Db } from "../../platform/db.server";
import { audit } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { currentVersion, type PublishedVersion } from "./questionnaires.server";

/**
 * Which questionnaire a kiosk shows. By default the SIPAS kiosk questionnaire; the admin may give a
 * service point any published questionnaire whose newest version has the channel "kiosk" (e.g. the
 * patients' survey with yes/no, choices, an amount and free text), kept in `setting` under
 * `kiosk.questionnaire.<point code>`. Every tablet paired with that point shows it.
 */
export const KIOSK_DEFAULT = "sipas-kiosk";
const PREFIX = "kiosk.questionnaire.";

/** Published questionnaires that can be shown on a kiosk (their newest published version has channel "kiosk"). */
export async function kioskQuestionnaires(db: Db): Promise<Array<{ code: string; name: string; version: number }>> {
  const rows = await db
    .selectFrom("questionnaire_version as v")
    .innerJoin("questionnaire as q", "q.id", "v.questionnaire_id")
    .select(["q.code", "q.name", "v.version", "v.channels"])
    .where("v.status", "=", "published")
    .orderBy("q.code").orderBy("v.version", "desc")
    .execute();
  const out: Array<{ code: string; name: string; version: number }> = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.code)) continue;
    seen.add(r.code);
    if ((JSON.parse(r.channels) as string[]).includes("kiosk")) out.push({ code: r.code, name: r.name, version: r.version });
  }
  return out;
}

/** Point code → chosen questionnaire code (only the points that do not use the default). */
export async function kioskAssignments(db: Db): Promise<Record<string, string>> {
  const rows = await db.selectFrom("setting").select(["key", "value"]).where("key", "like", `${PREFIX}%`).execute();
  return Object.fromEntries(rows.map((r) => [r.key.slice(PREFIX.length), r.value]));
}

/**
 * The version a kiosk of `point` shows: the point's questionnaire when it is published with the
 * kiosk channel, else the default one (null when neither is published).
 */
export async function kioskVersionFor(db: Db, point: string): Promise<PublishedVersion | null> {
  const row = await db.selectFrom("setting").select("value").where("key", "=", PREFIX + point).executeTakeFirst();
  if (row && row.value !== KIOSK_DEFAULT) {
    const v = await currentVersion(db, row.value);
    if (v && v.channels.includes("kiosk")) return v;
  }
  return currentVersion(db, KIOSK_DEFAULT);
}

/** Use case: the admin gives a service point a kiosk questionnaire ("" or the default: back to the default). */
export async function setKioskQuestionnaire(db: Db, input: { servicePoint?: string; questionnaire?: string }, actor: { userId: number; ip: string | null }): Promise<void> {
  const pointCode = String(input.servicePoint ?? "").trim();
  const code = String(input.questionnaire ?? "").trim();
  const point = pointCode ? await db.selectFrom("service_point").select("code").where("code", "=", pointCode).executeTakeFirst() : undefined;
  const fields: Record<string, string> = {};
  if (!point) fields.servicePoint = "Hãy chọn một điểm phục vụ trong danh sách.";
  if (code && code !== KIOSK_DEFAULT && !(await kioskQuestionnaires(db)).some((q) => q.code === code)) {
    fields.questionnaire = "Hãy chọn một bảng hỏi đã phát hành có kênh “kiosk”.";
  }
  if (Object.keys(fields).length) throw new InputError("invalid_input", "Chưa đổi được bảng hỏi của kiosk, hãy sửa các trường được nêu.", fields, 422);
  const key = PREFIX + pointCode;
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("setting").select("value").where("key", "=", key).executeTakeFirst();
    if (!code || code === KIOSK_DEFAULT) await trx.deleteFrom("setting").where("key", "=", key).execute();
    else await trx.insertInto("setting").values({ key, value: code }).onConflict((oc) => oc.column("key").doUpdateSet({ value: code })).execute();
    await audit(trx, { userId: actor.userId, action: "kiosk.questionnaire", entity: "service_point", entityId: pointCode, before: before?.value ?? KIOSK_DEFAULT, after: code || KIOSK_DEFAULT, ip: actor.ip });
  });
}
