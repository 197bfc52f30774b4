// npm run user -- create <username> --name "…" [--email …] --role admin|leader|agency_officer|desk_officer [--unit CODE|--agency CODE|--point CODE]
//   (the password is read from HAILONG_PASSWORD or asked on the terminal; never put it on the command line)
// npm run user -- token <username> --permissions read:indices[,…] [--name "…"] [--days 90]
// npm run user -- list
import readline from "node:readline";
import { createDb, migrateToLatest } from "../db/client.server";
import { createApiToken, createUser } from "../app/platform/auth.server";
import { InputError } from "../app/platform/errors";
import { PERMISSIONS, ROLES, type Permission, type Role } from "../app/domain/permissions";

const [cmd, ...rest] = process.argv.slice(2);
const flags = new Map<string, string>();
const positional: string[] = [];
for (let i = 0; i < rest.length; i++) {
  if (rest[i].startsWith("--")) {
    flags.set(rest[i].slice(2), rest[i + 1] ?? "");
    i++;
  } else positional.push(rest[i]);
}
const usage = () => {
  console.error("Cách dùng:\n  npm run user -- create <tên đăng nhập> --name \"Họ tên\" --role admin [--email e] [--unit MÃ | --agency MÃ | --point MÃ]\n  npm run user -- token <tên đăng nhập> --permissions read:indices[,…] [--name \"…\"] [--days 90]\n  npm run user -- list");
  process.exit(2);
};

async function askPassword(): Promise<string> {
  if (process.env.HAILONG_PASSWORD) return process.env.HAILONG_PASSWORD;
  if (!process.stdin.isTTY) {
    console.error("Hãy đặt mật khẩu qua biến môi trường HAILONG_PASSWORD hoặc chạy trong terminal.");
    process.exit(2);
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  const q = "Mật khẩu (ít nhất 10 ký tự, có chữ và số): ";
  out._writeToOutput = (s: string) => out.output.write(s.startsWith(q) ? q : "");
  const pw = await new Promise<string>((resolve) => rl.question(q, resolve));
  rl.close();
  process.stdout.write("\n");
  return pw;
}

const db = createDb();
await migrateToLatest(db);
try {
  if (cmd === "create") {
    const username = positional[0];
    const role = flags.get("role") as Role;
    if (!username || !flags.get("name") || !ROLES.includes(role)) usage();
    const code = async (table: "admin_unit" | "agency" | "service_point", flag: string) => {
      const c = flags.get(flag);
      if (!c) return null;
      const r = await db.selectFrom(table).select("id").where("code", "=", c).executeTakeFirst();
      if (!r) throw new InputError("not_found", `Không tìm thấy mã ${c}.`);
      return r.id;
    };
    const grant = { role, unitId: await code("admin_unit", "unit"), agencyId: await code("agency", "agency"), servicePointId: await code("service_point", "point") };
    if (role !== "admin" && !grant.unitId && !grant.agencyId && !grant.servicePointId) throw new InputError("invalid_input", "Vai trò này cần phạm vi: --unit, --agency hoặc --point.");
    const id = await createUser(db, { username, displayName: flags.get("name")!, email: flags.get("email") || null, password: await askPassword(), grants: [grant] }, { userId: null, ip: "cli" });
    console.log(`Đã tạo người dùng ${username} (id ${id}, vai trò ${role}).`);
  } else if (cmd === "token") {
    const username = positional[0];
    const perms = (flags.get("permissions") ?? "").split(",").map((s) => s.trim()).filter(Boolean) as Permission[];
    if (!username || perms.length === 0) usage();
    const unknown = perms.filter((p) => !PERMISSIONS.includes(p));
    if (unknown.length) throw new InputError("invalid_input", `Quyền không tồn tại: ${unknown.join(", ")}. Các quyền: ${PERMISSIONS.join(", ")}`);
    const u = await db.selectFrom("app_user").select("id").where("username", "=", username).executeTakeFirst();
    if (!u) throw new InputError("not_found", `Không có người dùng ${username}.`);
    const t = await createApiToken(db, u.id, { name: flags.get("name") || `CLI ${new Date().toISOString().slice(0, 10)}`, permissions: perms, days: Number(flags.get("days") ?? 90) }, { userId: null, ip: "cli" });
    console.log("Token (chỉ hiện một lần, hãy lưu lại ngay):");
    console.log(t.token);
    console.log(`Hết hạn: ${t.expiresAt}. Dùng: Authorization: Bearer <token>`);
  } else if (cmd === "list") {
    const rows = await db.selectFrom("app_user").select(["username", "display_name", "active", "is_demo"]).orderBy("id").execute();
    for (const r of rows) console.log(`${r.username}\t${r.display_name}${r.active ? "" : " (đã vô hiệu hóa)"}${r.is_demo ? " [demo]" : ""}`);
  } else usage();
} catch (e) {
  if (e instanceof InputError) {
    console.error(`Lỗi: ${e.message}`);
    process.exitCode = 1;
  } else throw e;
} finally {
  await db.destroy();
}
