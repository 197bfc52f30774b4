import type { Permission } from "../domain/permissions";

/** The staff menu: each entry shows only to those with its permission (the server checks again). */
export const STAFF_MENU: Array<{ href: string; label: string; labelEn: string; permission: Permission }> = [
  { href: "/dashboard", label: "Bảng điều khiển chỉ số", labelEn: "Dashboard", permission: "read:indices" },
  { href: "/quan-tri/don-vi", label: "Đơn vị hành chính", labelEn: "Admin units", permission: "manage:org" },
  { href: "/quan-tri/co-quan", label: "Cơ quan", labelEn: "Agencies", permission: "manage:org" },
  { href: "/quan-tri/diem-phuc-vu", label: "Điểm phục vụ", labelEn: "Service points", permission: "manage:org" },
  { href: "/quan-tri/nguoi-dung", label: "Người dùng và phân quyền", labelEn: "Users and roles", permission: "manage:users" },
  { href: "/quan-tri/token", label: "Token truy cập API", labelEn: "API tokens", permission: "manage:users" },
  { href: "/quan-tri/nhat-ky", label: "Nhật ký thay đổi", labelEn: "Audit log", permission: "read:audit" },
];
