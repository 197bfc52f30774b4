// Migrates the database and loads the demo province when it is empty.
import { createDb, databaseUrl, migrateToLatest } from "../db/client.server";
import { seedIfEmpty } from "../app/services/admin/seed.server";

const db = createDb();
const applied = await migrateToLatest(db);
if (applied.length) console.log(`Đã chạy migration: ${applied.join(", ")}`);
const t0 = Date.now();
const seeded = await seedIfEmpty(db, { responses: process.env.DEMO_RESPONSES !== "0", reform: process.env.DEMO_REFORM !== "0" });
if (seeded.seeded) console.log(`Đã nạp dữ liệu mẫu tỉnh Đắk Lắk (${seeded.responses} phiếu mẫu, ${Date.now() - t0} ms) vào ${databaseUrl()}`);
await db.destroy();
