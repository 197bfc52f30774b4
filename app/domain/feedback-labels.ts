import { FEEDBACK_KINDS } from "./routing";
import type { FEEDBACK_CHANNELS } from "./channels";

/**
 * Words of the staff feedback pages that both the server and the browser need (this module has
 * no server code). The citizen-facing KIND_LABEL / STATUS_LABEL stay in feedback.server.ts.
 */
export const CHANNEL_LABEL: Record<(typeof FEEDBACK_CHANNELS)[number], string> = {
  web: "Cổng thông tin (trực tuyến)",
  kiosk: "Kiosk đánh giá",
  hotline: "Đường dây nóng",
  paper: "Văn bản, thư giấy",
  suggestion_box: "Hòm thư góp ý",
  in_person: "Trực tiếp tại bộ phận Một cửa",
  api: "Ứng dụng, hệ thống khác (API)",
};

export const STEP_LABEL: Record<string, string> = { forwarding: "Chuyển đến cơ quan có thẩm quyền", handling: "Xử lý, trả lời" };

/** Short status words for tables (STATUS_LABEL is the citizen-facing sentence). */
export const STATUS_SHORT: Record<string, string> = {
  received: "Chờ điều phối",
  assigned: "Đang xử lý",
  answered: "Đã trả lời",
  published: "Đã công khai",
  closed: "Đã đóng",
};

export const OUTBOX_STATUSES = ["pending", "sent", "failed"] as const;
export const OUTBOX_STATUS_LABEL: Record<(typeof OUTBOX_STATUSES)[number], string> = { pending: "Đang chờ gửi", sent: "Đã gửi", failed: "Gửi lỗi" };

export const DEADLINE_KINDS = ["*", ...FEEDBACK_KINDS] as const;
export const DEADLINE_STEPS = ["forwarding", "handling"] as const;
