import type { Page } from "playwright-core";
import { createDb } from "../../db/client.server";
import { createPairingCode, redeemPairingCode } from "../../app/services/surveys/devices.server";
import { importQuestionnaire, publishVersion } from "../../app/services/surveys/designer.server";
import { setKioskQuestionnaire } from "../../app/services/surveys/kiosk-questionnaire.server";
import type { TestServer } from "./server";

export interface PairedTestDevice {
  token: string;
  deviceId: number;
  point: string;
  /** The header a kiosk sends with each response. */
  headers: { "x-device-token": string };
}

/** Pairs a kiosk device with a service point of a started server, as the admin page and the tablet would (through the services). */
export async function pairDevice(server: Pick<TestServer, "dbPath">, point = "MC-BMT", name = "Máy tính bảng thử nghiệm"): Promise<PairedTestDevice> {
  const db = createDb(server.dbPath);
  try {
    const admin = await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow();
    const { code } = await createPairingCode(db, { servicePoint: point, name }, { userId: admin.id });
    const r = await redeemPairingCode(db, code, "127.0.0.1");
    return { token: r.token, deviceId: r.device.id, point, headers: { "x-device-token": r.token } };
  } finally {
    await db.destroy();
  }
}

/**
 * A browser page as a paired kiosk tablet of `point`: pairs a device (as above) and stores its
 * token where the kiosk keeps it, before any page of the context loads.
 */
export async function pairKioskPage(server: Pick<TestServer, "dbPath">, page: Page, point = "MC-BMT"): Promise<PairedTestDevice> {
  const device = await pairDevice(server, point);
  await page.context().addInitScript((d) => localStorage.setItem("hailong.kiosk.device.v1", JSON.stringify(d)), { token: device.token, point, name: "Máy thử" });
  return device;
}

const deviceHeaderCache = new Map<string, Promise<PairedTestDevice["headers"]>>();
/** The device header of a tablet paired once per server and point (for tests that post kiosk responses). */
export function kioskHeaders(server: Pick<TestServer, "dbPath">, point: string): Promise<PairedTestDevice["headers"]> {
  const key = `${server.dbPath}|${point}`;
  let h = deviceHeaderCache.get(key);
  if (!h) deviceHeaderCache.set(key, (h = pairDevice(server, point).then((d) => d.headers)));
  return h;
}

/** Test servers whose tablets post bursts of crafted responses: the per-device anti-abuse flags are off. */
export const NO_DEVICE_FLAGS = { KIOSK_MIN_INTERVAL_SECONDS: "0", KIOSK_MAX_PER_MINUTE: "0" };

/**
 * Imports and publishes a questionnaire file (as the designer's import and "Phát hành" do) and,
 * with `point`, makes it that service point's kiosk questionnaire (as /quan-tri/thiet-bi does).
 * Returns the questionnaire's code.
 */
export async function publishQuestionnaireFile(server: Pick<TestServer, "dbPath">, file: { code: string }, point?: string): Promise<string> {
  const db = createDb(server.dbPath);
  try {
    const admin = await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow();
    const actor = { userId: admin.id, ip: null };
    const exists = await db.selectFrom("questionnaire").select("id").where("code", "=", file.code).executeTakeFirst();
    if (!exists) await publishVersion(db, await importQuestionnaire(db, file, actor), actor);
    if (point) await setKioskQuestionnaire(db, { servicePoint: point, questionnaire: file.code }, actor);
    return file.code;
  } finally {
    await db.destroy();
  }
}
