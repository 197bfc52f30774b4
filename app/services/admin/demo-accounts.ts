import type { Role } from "../../domain/permissions";

/** Demo accounts of the demo province; the password is DEMO_PASSWORD (printed by npm start). */
export const DEMO_PASSWORD_DEFAULT = "HaiLong@2024";

interface DemoAccount {
  username: string;
  displayName: string;
  label: string;
  grants: Array<{ role: Role; unit?: string; agency?: string; servicePoint?: string }>;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: "admin", displayName: "Điều phối viên — Văn phòng UBND tỉnh", label: "Quản trị / điều phối (toàn tỉnh)", grants: [{ role: "admin" }] },
  { username: "lanhdao.tinh", displayName: "Lãnh đạo UBND tỉnh Đắk Lắk", label: "Lãnh đạo tỉnh", grants: [{ role: "leader", unit: "DLK" }] },
  { username: "lanhdao.bmt", displayName: "Lãnh đạo UBND TP Buôn Ma Thuột", label: "Lãnh đạo cấp huyện (Buôn Ma Thuột)", grants: [{ role: "leader", unit: "BMT" }] },
  { username: "canbo.stp", displayName: "Cán bộ Sở Tư pháp", label: "Cán bộ cơ quan (Sở Tư pháp)", grants: [{ role: "agency_officer", agency: "STP" }] },
  { username: "canbo.bmt", displayName: "Cán bộ UBND TP Buôn Ma Thuột", label: "Cán bộ cơ quan (UBND TP Buôn Ma Thuột)", grants: [{ role: "agency_officer", agency: "UBND-BMT" }] },
  { username: "motcua.bmt", displayName: "Công chức Bộ phận Một cửa TP Buôn Ma Thuột", label: "Công chức Một cửa (MC-BMT; từ 01/07/2025 theo điểm kế thừa)", grants: [{ role: "desk_officer", servicePoint: "MC-BMT" }] },
];

/** Accounts of the tree in force since 1 July 2025, added with the demo reorganisation. */
export const DEMO_ACCOUNTS_2025: DemoAccount[] = [
  { username: "lanhdao.pbmt", displayName: "Lãnh đạo UBND phường Buôn Ma Thuột", label: "Lãnh đạo cấp xã (phường Buôn Ma Thuột, từ 01/07/2025)", grants: [{ role: "leader", unit: "P-BUONMATHUOT" }] },
  { username: "canbo.pbmt", displayName: "Cán bộ UBND phường Buôn Ma Thuột", label: "Cán bộ cơ quan (UBND phường Buôn Ma Thuột)", grants: [{ role: "agency_officer", agency: "UBND-P-BUONMATHUOT" }] },
];
