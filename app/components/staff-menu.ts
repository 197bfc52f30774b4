import type { Permission } from "../domain/permissions";

/** The staff menu: each entry shows only to those with its permission (the server checks again). */
export const STAFF_MENU: Array<{ href: string; label: string; labelEn: string; permission: Permission }> = [
  { href: "/dashboard", label: "Bảng điều khiển chỉ số", labelEn: "Dashboard", permission: "read:indices" },
  { href: "/hop-thu", label: "Hộp thư phản ánh, kiến nghị", labelEn: "Feedback inbox", permission: "read:feedback" },
  { href: "/dieu-phoi", label: "Điều phối phản ánh", labelEn: "Feedback coordination", permission: "assign:feedback" },
  { href: "/tiep-nhan", label: "Nhập phản ánh (đường dây nóng, văn bản, trực tiếp)", labelEn: "Enter feedback (hotline, paper, in person)", permission: "enter:feedback" },
  { href: "/quan-tri/don-vi", label: "Đơn vị hành chính", labelEn: "Admin units", permission: "manage:org" },
  { href: "/quan-tri/co-quan", label: "Cơ quan", labelEn: "Agencies", permission: "manage:org" },
  { href: "/quan-tri/diem-phuc-vu", label: "Điểm phục vụ", labelEn: "Service points", permission: "manage:org" },
  { href: "/quan-tri/bang-hoi", label: "Bảng hỏi và thiết kế bảng hỏi", labelEn: "Questionnaires and designer", permission: "manage:questionnaires" },
  { href: "/quan-tri/phan-loai", label: "Quy tắc phân loại phản ánh", labelEn: "Feedback routing rules", permission: "manage:routing" },
  { href: "/quan-tri/ngay-nghi", label: "Ngày nghỉ và thời hạn xử lý", labelEn: "Holidays and deadlines", permission: "manage:routing" },
  { href: "/quan-tri/thu-gui", label: "Thư gửi đi (SMS, email)", labelEn: "Outbox (SMS, e-mail)", permission: "manage:routing" },
  { href: "/quan-tri/nguoi-dung", label: "Người dùng và phân quyền", labelEn: "Users and roles", permission: "manage:users" },
  { href: "/quan-tri/token", label: "Token truy cập API", labelEn: "API tokens", permission: "manage:users" },
  { href: "/quan-tri/nhat-ky", label: "Nhật ký thay đổi", labelEn: "Audit log", permission: "read:audit" },
];
