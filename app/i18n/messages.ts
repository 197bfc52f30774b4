import type { Lang } from "./format";
import { isLang, localeMessage, type Namespace } from "./locales";

/** UI messages, Vietnamese first. A missing English message falls back to Vietnamese. */
const vi = {
  appName: "Hài Lòng",
  tagline: "Đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
  demoBanner: "Dữ liệu mẫu (demo) — không phải số liệu thật của tỉnh.",
  language: "Ngôn ngữ",
  "scale.1": "Rất không hài lòng",
  "scale.2": "Không hài lòng",
  "scale.3": "Bình thường",
  "scale.4": "Hài lòng",
  "scale.5": "Rất hài lòng",
  "scale.na": "Không áp dụng",
  back: "Quay lại",
  next: "Tiếp",
  send: "Gửi đánh giá",
  start: "Bắt đầu",
  skip: "Bỏ qua",
  "kiosk.welcome": "Ông/Bà vui lòng đánh giá sự phục vụ hôm nay",
  "kiosk.welcomeHint": "Chạm vào màn hình để bắt đầu. Chỉ mất chưa đến một phút, không cần ghi tên.",
  "kiosk.progress": "Câu {i} / {n}",
  "kiosk.commentTitle": "Ông/Bà có muốn góp ý thêm không? (không bắt buộc)",
  "kiosk.commentPlaceholder": "Nhập góp ý tại đây…",
  "kiosk.thanks": "Cảm ơn Ông/Bà!",
  "kiosk.thanksHint": "Ý kiến của Ông/Bà đã được ghi nhận và giúp chúng tôi phục vụ tốt hơn.",
  "kiosk.sending": "Đang gửi…",
  "kiosk.error": "Chưa gửi được, vui lòng thử lại.",
  "survey.title": "Khảo sát sự hài lòng",
  "survey.point": "Nơi giải quyết hồ sơ",
  "survey.dossier": "Mã hồ sơ",
  "survey.procedureField": "Lĩnh vực thủ tục",
  "survey.choosePoint": "Chọn nơi Ông/Bà đã nộp hồ sơ",
  "survey.chooseField": "Chọn lĩnh vực (không bắt buộc)",
  "survey.comment": "Góp ý khác (không bắt buộc)",
  "survey.submit": "Gửi phiếu khảo sát",
  "survey.thanks": "Cảm ơn Ông/Bà đã hoàn thành phiếu khảo sát!",
  "survey.already": "Hồ sơ này đã được đánh giá rồi. Cảm ơn Ông/Bà đã dành thời gian góp ý!",
  "survey.errors": "Phiếu chưa gửi được. Vui lòng kiểm tra các mục được đánh dấu.",
  "survey.required": "Vui lòng chọn một mức đánh giá, hoặc “Không áp dụng”.",
  "dashboard.title": "Bảng điều khiển chỉ số hài lòng",
  "dashboard.year": "Năm",
  "dashboard.channel": "Kênh",
  "dashboard.unit": "Phạm vi",
  "channel.all": "Tất cả các kênh",
  "channel.kiosk": "Kiosk tại Bộ phận Một cửa",
  "channel.online": "Trực tuyến (QR)",
  "channel.paper": "Phiếu giấy",
  "channel.phone": "Điện thoại",
};
export type MessageKey = keyof typeof vi;

const en: Partial<Record<MessageKey, string>> = {
  appName: "Hài Lòng",
  tagline: "Measuring how satisfied citizens and organisations are with public administration",
  demoBanner: "Demo data — not the province's real figures.",
  language: "Language",
  "scale.1": "Very dissatisfied",
  "scale.2": "Dissatisfied",
  "scale.3": "Neutral",
  "scale.4": "Satisfied",
  "scale.5": "Very satisfied",
  "scale.na": "Not applicable",
  back: "Back",
  next: "Next",
  send: "Send",
  start: "Start",
  skip: "Skip",
  "kiosk.welcome": "Please rate the service you received today",
  "kiosk.welcomeHint": "Touch the screen to start. It takes less than a minute and is anonymous.",
  "kiosk.progress": "Question {i} of {n}",
  "kiosk.commentTitle": "Anything else you would like to tell us? (optional)",
  "kiosk.commentPlaceholder": "Type your comment here…",
  "kiosk.thanks": "Thank you!",
  "kiosk.thanksHint": "Your opinion has been recorded and helps us serve you better.",
  "kiosk.sending": "Sending…",
  "kiosk.error": "Could not send, please try again.",
  "survey.title": "Satisfaction survey",
  "survey.point": "Where your dossier was handled",
  "survey.dossier": "Dossier code",
  "survey.procedureField": "Procedure field",
  "survey.choosePoint": "Choose where you filed your dossier",
  "survey.chooseField": "Choose a field (optional)",
  "survey.comment": "Other comments (optional)",
  "survey.submit": "Send the survey",
  "survey.thanks": "Thank you for completing the survey!",
  "survey.already": "This dossier has already been rated. Thank you for your time!",
  "survey.errors": "The survey was not sent. Please check the marked items.",
  "survey.required": "Please choose a rating, or “Not applicable”.",
  "dashboard.title": "Satisfaction dashboard",
  "dashboard.year": "Year",
  "dashboard.channel": "Channel",
  "dashboard.unit": "Scope",
  "channel.all": "All channels",
  "channel.kiosk": "Kiosk at the one-stop desk",
  "channel.online": "Online (QR)",
  "channel.paper": "Paper form",
  "channel.phone": "Phone",
};

/**
 * A translator over one message catalogue (namespace): Vietnamese is complete; English comes from
 * the TypeScript dictionary, any other language from its data file (locales/<code>.json, section
 * `messages.<namespace>`). Whatever is missing falls back to Vietnamese, never to a key name.
 */
export function makeTranslator<K extends string>(ns: Namespace, viMessages: Record<K, string>, others: { en: Partial<Record<K, string>> }) {
  return (lang: Lang, key: K, vars: Record<string, string | number> = {}): string => {
    const text = (lang === "vi" ? undefined : lang === "en" ? others.en[key] : localeMessage(lang, ns, key)) ?? viMessages[key];
    return text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ""));
  };
}

export const translate = makeTranslator<MessageKey>("messages", vi, { en });

/** The page's language: ?lang=, else the `lang` cookie, else Vietnamese. Only registered languages count. */
export function langFrom(request: Request): Lang {
  const url = new URL(request.url);
  const q = url.searchParams.get("lang");
  if (q && isLang(q)) return q;
  const cookie = request.headers.get("cookie") ?? "";
  const c = /(?:^|;\s*)lang=([A-Za-z-]{2,12})/.exec(cookie)?.[1];
  return c && isLang(c) ? c : "vi";
}
