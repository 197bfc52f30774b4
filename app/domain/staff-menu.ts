import type { Permission } from "./permissions";

/** The staff menu: each entry shows only to those with its permission (the server checks again). */
export const STAFF_MENU: Array<{ href: string; label: string; labelEn: string; permission: Permission }> = [
  { href: "/dashboard", label: "Bảng điều khiển chỉ số", labelEn: "Dashboard", permission: "read:indices" },
  { href: "/dashboard/diem-par", label: "Điểm PAR tiêu chí 8.1 (SIPAS)", labelEn: "PAR points, criterion 8.1", permission: "read:indices" },
  { href: "/canh-bao", label: "Cảnh báo điểm phục vụ", labelEn: "Service point alerts", permission: "read:indices" },
  { href: "/y-kien", label: "Ý kiến người dân (đã che thông tin cá nhân)", labelEn: "Citizens' comments (personal data masked)", permission: "read:indices" },
  { href: "/quan-tri/chi-tieu", label: "Chỉ tiêu và dự báo", labelEn: "Targets and projections", permission: "read:indices" },
  { href: "/bao-cao/quy", label: "Báo cáo quý (in A4)", labelEn: "Quarterly report (A4)", permission: "read:indices" },
  { href: "/xuat-du-lieu", label: "Xuất dữ liệu (CSV, Excel)", labelEn: "Export data (CSV, Excel)", permission: "export:data" },
  { href: "/quan-tri/ap-phich", label: "Áp phích mã QR khảo sát", labelEn: "QR survey posters", permission: "read:indices" },
  { href: "/dot-khao-sat", label: "Đợt khảo sát: tiến độ và chỉ số", labelEn: "Survey rounds: progress and figures", permission: "read:indices" },
  { href: "/hop-thu", label: "Hộp thư phản ánh, kiến nghị", labelEn: "Feedback inbox", permission: "read:feedback" },
  { href: "/dieu-phoi", label: "Điều phối phản ánh", labelEn: "Feedback coordination", permission: "assign:feedback" },
  { href: "/tiep-nhan", label: "Nhập phản ánh (đường dây nóng, văn bản, trực tiếp)", labelEn: "Enter feedback (hotline, paper, in person)", permission: "enter:feedback" },
  { href: "/dot-khao-sat?nhap=1", label: "Nhập phiếu đợt khảo sát", labelEn: "Enter survey round interviews", permission: "enter:feedback" },
  { href: "/nhap-phieu-giay", label: "Nhập phiếu khảo sát giấy (CSV, Excel)", labelEn: "Upload paper survey forms (CSV, Excel)", permission: "import:paper" },
  { href: "/ke-hoach", label: "Kế hoạch nâng cao chỉ số", labelEn: "Improvement plans", permission: "read:plans" },
  { href: "/ke-hoach/bao-cao", label: "Báo cáo thực hiện kế hoạch", labelEn: "Report on plan tasks", permission: "report:plans" },
  { href: "/ke-hoach/theo-doi", label: "Theo dõi báo cáo kế hoạch (thiếu, chậm)", labelEn: "Plan reports: missing and late", permission: "manage:plans" },
  { href: "/ke-hoach/diem-papi", label: "Điểm PAPI theo lĩnh vực", labelEn: "PAPI dimension scores", permission: "manage:plans" },
  { href: "/ke-hoach/ket-qua-cong-bo", label: "Kết quả công bố chính thức (nhập từ tệp)", labelEn: "Official published results (file import)", permission: "manage:plans" },
  { href: "/chi-so-par", label: "Chỉ số CCHC (PAR Index)", labelEn: "PAR Index", permission: "read:plans" },
  { href: "/chi-so-par/nhap", label: "Nhập điểm Chỉ số CCHC", labelEn: "Enter PAR Index points", permission: "manage:plans" },
  { href: "/quan-tri/don-vi", label: "Đơn vị hành chính", labelEn: "Admin units", permission: "manage:org" },
  { href: "/quan-tri/sap-xep", label: "Sắp xếp tổ chức", labelEn: "Reorganisations", permission: "manage:org" },
  { href: "/quan-tri/co-quan", label: "Cơ quan", labelEn: "Agencies", permission: "manage:org" },
  { href: "/quan-tri/nhom-co-quan", label: "Nhóm cơ quan (giao nhiệm vụ kế hoạch)", labelEn: "Agency groups (plan tasks)", permission: "manage:plans" },
  { href: "/quan-tri/diem-phuc-vu", label: "Điểm phục vụ", labelEn: "Service points", permission: "manage:org" },
  { href: "/quan-tri/dot-khao-sat", label: "Đợt khảo sát (chọn mẫu, chỉ tiêu)", labelEn: "Survey rounds (sampling, quotas)", permission: "manage:questionnaires" },
  { href: "/quan-tri/bang-hoi", label: "Bảng hỏi và thiết kế bảng hỏi", labelEn: "Questionnaires and designer", permission: "manage:questionnaires" },
  { href: "/quan-tri/phan-loai", label: "Quy tắc phân loại phản ánh", labelEn: "Feedback routing rules", permission: "manage:routing" },
  { href: "/quan-tri/ngay-nghi", label: "Ngày nghỉ và thời hạn xử lý", labelEn: "Holidays and deadlines", permission: "manage:routing" },
  { href: "/quan-tri/trang-nguoi-dan", label: "Trang người dân (đường dây nóng, ngôn ngữ)", labelEn: "Citizen pages (hotline, languages)", permission: "manage:routing" },
  { href: "/quan-tri/thu-gui", label: "Thư gửi đi (SMS, email)", labelEn: "Outbox (SMS, e-mail)", permission: "manage:routing" },
  { href: "/quan-tri/thiet-bi", label: "Thiết bị kiosk", labelEn: "Kiosk devices", permission: "manage:devices" },
  { href: "/quan-tri/phieu-gan-co", label: "Phiếu gắn cờ (nghi gian lận)", labelEn: "Flagged responses", permission: "manage:devices" },
  { href: "/quan-tri/cong-bo", label: "Công bố kết quả khảo sát", labelEn: "Publish survey results", permission: "manage:targets" },
  { href: "/quan-tri/nguoi-dung", label: "Người dùng và phân quyền", labelEn: "Users and roles", permission: "manage:users" },
  { href: "/quan-tri/token", label: "Token truy cập API", labelEn: "API tokens", permission: "manage:users" },
  { href: "/quan-tri/nhat-ky", label: "Nhật ký thay đổi", labelEn: "Audit log", permission: "read:audit" },
];

export interface NavItem {
  href: string;
  label: string;
}

/** The staff sections with a sub-menu of their own, and the pages each holds. */
export type StaffSection = "admin" | "feedback" | "plans" | "indices";
const SECTION_PAGES: Record<StaffSection, (href: string) => boolean> = {
  admin: (href) => href.startsWith("/quan-tri/"),
  feedback: (href) => ["/hop-thu", "/dieu-phoi", "/tiep-nhan"].includes(href),
  plans: (href) => href.startsWith("/ke-hoach") || href.startsWith("/chi-so-par"),
  indices: (href) => ["/dashboard", "/dashboard/diem-par", "/canh-bao", "/y-kien", "/bao-cao/quy"].includes(href),
};

/** The menu entries a user with these permissions may open, optionally only one section's. */
export function menuFor(perms: ReadonlySet<Permission>, section?: StaffSection): NavItem[] {
  return STAFF_MENU.filter((m) => perms.has(m.permission) && (!section || SECTION_PAGES[section](m.href))).map(({ href, label }) => ({ href, label }));
}
