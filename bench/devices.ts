// Pairs one kiosk device per bench service point (kiosk submissions need a device token) on a
// migrated database, through the app's own pairing use case. Prints one JSON line { devices }.
//   DATABASE_URL=/tmp/x.db npx tsx bench/devices.ts MC-BMT TTPVHCC-DLK
import { createDb } from "../db/client.server";
import { createPairingCode, redeemPairingCode } from "../app/services/surveys/devices.server";

const db = createDb(process.env.DATABASE_URL ?? "");
const admin = await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow();
const devices: Record<string, string> = {};
for (const point of process.argv.slice(2)) {
  const { code } = await createPairingCode(db, { servicePoint: point, name: `bench ${point}` }, { userId: admin.id });
  devices[point] = (await redeemPairingCode(db, code, null)).token;
}
await db.destroy();
console.log(JSON.stringify({ devices }));
