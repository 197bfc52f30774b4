import { z } from "zod";
import { audit } from "../../platform/auth.server";
import type { Db, Tx } from "../../platform/db.server";
import { languages, type LanguageInfo } from "../../i18n/locales";

/**
 * What the province tells citizens on the feedback and tracking pages (hotline, office hours) and
 * which unreviewed (draft) languages citizens may choose. Held in `setting`; set by an admin on
 * /quan-tri/trang-nguoi-dan; every change is audited.
 */
interface CitizenSettings {
  hotline: string;
  officeHours: string;
  /** Codes of draft languages (locales/*.json with "draft": true) shown to citizens anyway. */
  draftLanguages: string[];
}

/** The hotline the province publishes (seed data of the demo province). */
export const DEFAULT_CITIZEN_SETTINGS: CitizenSettings = {
  hotline: "080.50179",
  officeHours: "Giờ hành chính, từ thứ Hai đến thứ Sáu (trừ ngày nghỉ lễ, Tết)",
  draftLanguages: [],
};

const KEYS = { hotline: "citizen.hotline", officeHours: "citizen.officeHours", draftLanguages: "citizen.draftLanguages" } as const;

export async function citizenSettings(db: Db | Tx): Promise<CitizenSettings> {
  const rows = await db.selectFrom("setting").select(["key", "value"]).where("key", "in", Object.values(KEYS)).execute();
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  let drafts: string[] = [];
  try {
    const v = JSON.parse(get(KEYS.draftLanguages) ?? "[]");
    if (Array.isArray(v)) drafts = v.filter((x): x is string => typeof x === "string");
  } catch {
    drafts = [];
  }
  return {
    hotline: get(KEYS.hotline) ?? DEFAULT_CITIZEN_SETTINGS.hotline,
    officeHours: get(KEYS.officeHours) ?? DEFAULT_CITIZEN_SETTINGS.officeHours,
    draftLanguages: drafts,
  };
}

/** The languages a citizen is offered: reviewed ones, and the draft ones an admin turned on. */
export function citizenLanguages(s: Pick<CitizenSettings, "draftLanguages">, all: LanguageInfo[] = languages()): LanguageInfo[] {
  return all.filter((l) => !l.draft || s.draftLanguages.includes(l.code));
}

export const citizenSettingsForm = z.object({
  hotline: z.string().trim().min(3, "Vui lòng nhập số đường dây nóng.").max(40, "Số đường dây nóng tối đa 40 ký tự.")
    .regex(/^[0-9 .()+-]+$/, "Số đường dây nóng chỉ gồm chữ số, dấu chấm, dấu cách, dấu gạch ngang."),
  officeHours: z.string().trim().min(3, "Vui lòng nhập giờ làm việc.").max(200, "Giờ làm việc tối đa 200 ký tự."),
  draftLanguages: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/, "Ngôn ngữ không hợp lệ.")).max(20)),
});

export async function saveCitizenSettings(db: Db, s: CitizenSettings, actor: { userId: number; ip: string | null }): Promise<void> {
  const known = new Set(languages().filter((l) => l.draft).map((l) => l.code));
  const next: CitizenSettings = { ...s, draftLanguages: [...new Set(s.draftLanguages)].filter((c) => known.has(c)) };
  await db.transaction().execute(async (trx) => {
    const before = await citizenSettings(trx);
    const put = (key: string, value: string) =>
      trx.insertInto("setting").values({ key, value }).onConflict((oc) => oc.column("key").doUpdateSet({ value })).execute();
    await put(KEYS.hotline, next.hotline);
    await put(KEYS.officeHours, next.officeHours);
    await put(KEYS.draftLanguages, JSON.stringify(next.draftLanguages));
    await audit(trx, { userId: actor.userId, action: "settings.citizen", entity: "setting", entityId: "citizen", before, after: next, ip: actor.ip });
  });
}
