// npm run migrate: bring the database (DATABASE_URL, default data/hailong.db) to the latest schema.
import { createDb, databaseUrl, migrateToLatest } from "../db/client.server";

const db = createDb();
const applied = await migrateToLatest(db);
console.log(applied.length ? `Đã chạy migration: ${applied.join(", ")} (${databaseUrl()})` : `Cơ sở dữ liệu đã ở phiên bản mới nhất (${databaseUrl()}).`);
await db.destroy();
