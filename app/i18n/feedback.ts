import { makeTranslator } from "./messages";

/**
 * Strings of the citizen side of feedback: /phan-anh (send), /tra-cuu (track, rate), /cong-khai
 * (published answers). Vietnamese first and complete; English falls back to Vietnamese.
 */
const feedbackVi = {
  // Shared
  required: "bắt buộc",
  optional: "không bắt buộc",
  demoItem: "Dữ liệu mẫu (demo)",
  home: "Về trang chủ",
  navSend: "Gửi ý kiến",
  navTrack: "Tra cứu",
  navPublic: "Công khai trả lời",
  serverError: "Chưa gửi được do lỗi máy chủ. Vui lòng thử lại sau ít phút.",
  "kind.gop_y": "Góp ý",
  "kind.phan_anh": "Phản ánh",
  "kind.kien_nghi": "Kiến nghị",
  "kind.khieu_nai": "Khiếu nại",
  "kind.to_cao": "Tố cáo",
  "kindHint.gop_y": "Đề xuất để cơ quan nhà nước phục vụ tốt hơn",
  "kindHint.phan_anh": "Báo một sự việc, cách làm việc chưa đúng, chưa tốt",
  "kindHint.kien_nghi": "Đề nghị cơ quan xem xét, giải quyết một vấn đề",
  "kindHint.khieu_nai": "Đề nghị xem xét lại quyết định, hành vi hành chính",
  "kindHint.to_cao": "Báo hành vi vi phạm pháp luật của cán bộ, công chức",
  "status.received": "Đã tiếp nhận, đang chuyển đến cơ quan có thẩm quyền",
  "status.assigned": "Đang được cơ quan có thẩm quyền xử lý",
  "status.answered": "Đã trả lời",
  "status.published": "Đã trả lời và công khai",
  "status.closed": "Đã đóng",

  // /phan-anh
  formTitle: "Gửi góp ý, phản ánh, kiến nghị",
  formKicker: "Ý kiến của người dân, tổ chức",
  formIntro: "Ý kiến của Ông/Bà về thủ tục hành chính và sự phục vụ của cơ quan nhà nước trên địa bàn tỉnh được chuyển đến cơ quan có thẩm quyền. Sau khi gửi, Ông/Bà nhận một mã tra cứu để theo dõi kết quả.",
  kindLegend: "Loại ý kiến",
  formalNote: "Khiếu nại và tố cáo được giải quyết theo Luật Khiếu nại, Luật Tố cáo và được chuyển đến Thanh tra tỉnh. Ông/Bà nên ghi rõ họ tên và cách liên hệ để cơ quan có thẩm quyền thụ lý.",
  aboutTitle: "Nội dung ý kiến",
  topic: "Lĩnh vực",
  topicAny: "Chọn lĩnh vực (nếu biết)",
  unit: "Địa bàn (huyện, xã)",
  unitAny: "Chọn địa bàn (nếu biết)",
  unitProvince: "Cấp tỉnh",
  unitWhole: "{name} (toàn địa bàn)",
  servicePoint: "Nơi Ông/Bà làm thủ tục",
  servicePointAny: "Không gắn với một nơi cụ thể",
  "group.centre": "Cấp tỉnh",
  "group.district_desk": "Cấp huyện",
  "group.commune_desk": "Cấp xã",
  "group.other": "Khác",
  text: "Nội dung",
  textHint: "Từ 10 đến 5.000 ký tự. Nêu rõ sự việc, thời gian, địa điểm. Không ghi số giấy tờ tùy thân.",
  counter: "{n}/5.000 ký tự",
  contactTitle: "Thông tin liên hệ",
  contactHint: "Chỉ dùng để báo kết quả cho Ông/Bà, không bao giờ được công khai.",
  contactName: "Họ và tên",
  contactPhone: "Số điện thoại",
  contactPhoneHint: "Ví dụ 0912345678. Ông/Bà sẽ nhận tin nhắn có mã tra cứu.",
  contactEmail: "Email",
  consent: "Đồng ý công khai nội dung (đã ẩn thông tin cá nhân)",
  consentHint: "Nếu đồng ý, bản tóm tắt ý kiến và câu trả lời có thể được đăng tại trang Công khai trả lời, không kèm họ tên, số điện thoại, email.",
  submit: "Gửi ý kiến",
  sending: "Đang gửi…",
  summaryTitle: "Ý kiến chưa gửi được",
  summaryCount: "Vui lòng sửa {n} mục dưới đây:",
  formLabel: "Ý kiến",
  "err.kind": "Hãy chọn loại: góp ý, phản ánh, kiến nghị, khiếu nại hoặc tố cáo.",
  "err.select": "Giá trị không có trong danh sách, vui lòng chọn lại.",
  "err.text": "Nội dung chưa hợp lệ.",
  "err.textRequired": "Hãy nhập nội dung.",
  "err.textShort": "Nội dung quá ngắn: hãy mô tả rõ hơn (ít nhất 10 ký tự).",
  "err.textLong": "Nội dung quá dài (tối đa 5.000 ký tự).",
  "err.control": "Có ký tự không hợp lệ (ký tự điều khiển), vui lòng nhập lại.",
  "err.name": "Họ tên quá dài (tối đa 120 ký tự).",
  "err.phone": "Số điện thoại không hợp lệ (ví dụ 0912345678).",
  "err.email": "Email không hợp lệ.",
  "err.idempotencyKey": "Phiên gửi đã hết hạn, vui lòng gửi lại.",
  "err.generic": "Giá trị không hợp lệ.",

  // /tra-cuu and /tra-cuu/<code>
  lookupTitle: "Tra cứu góp ý, phản ánh",
  lookupIntro: "Nhập mã tra cứu Ông/Bà nhận được khi gửi ý kiến (trên màn hình hoặc trong tin nhắn xác nhận).",
  codeLabel: "Mã tra cứu",
  codeHint: "8 ký tự, ví dụ 7KQM-42XD.",
  lookupSubmit: "Tra cứu",
  badCode: "Mã tra cứu gồm 8 ký tự, ví dụ 7KQM-42XD. Vui lòng kiểm tra lại.",
  notFoundTitle: "Không tìm thấy mã tra cứu",
  notFound: "Không tìm thấy ý kiến với mã tra cứu này. Vui lòng kiểm tra lại mã (8 ký tự, ví dụ 7KQM-42XD).",
  trackTitle: "Kết quả xử lý ý kiến",
  newTitle: "Đã gửi ý kiến của Ông/Bà",
  codeLead: "Mã tra cứu của Ông/Bà:",
  codeKeep: "hãy ghi lại",
  codeKeepHint: "Dùng mã này để xem tiến độ và câu trả lời tại trang Tra cứu. Nếu Ông/Bà đã để lại số điện thoại hoặc email, chúng tôi sẽ báo khi có câu trả lời.",
  expectedAnswer: "Hạn trả lời dự kiến: {date}",
  expectedForward: "Hạn chuyển đến cơ quan có thẩm quyền: {date}",
  fStatus: "Trạng thái",
  fKind: "Loại ý kiến",
  fAgency: "Cơ quan xử lý",
  fAgencyNone: "Văn phòng UBND tỉnh đang phân công",
  fReceived: "Ngày tiếp nhận",
  fDue: "Hạn trả lời",
  fDueForward: "Hạn phân công",
  fAnswered: "Ngày trả lời",
  overdue: "Quá hạn",
  timeline: "Tiến trình xử lý",
  answerTitle: "Câu trả lời",
  yourText: "Nội dung Ông/Bà đã gửi",
  answerFrom: "Trả lời của {agency}",
  noAnswerYet: "Chưa có câu trả lời. Trang này sẽ hiển thị câu trả lời ngay khi cơ quan có thẩm quyền trả lời.",
  "ev.received": "Đã tiếp nhận ý kiến",
  "ev.routed": "Đã chuyển đến {agency}",
  "ev.queued": "Chờ Văn phòng UBND tỉnh phân công",
  "ev.assigned": "Đã phân công cho {agency}",
  "ev.transferred": "Đã chuyển sang {agency}",
  "ev.transferredBack": "Đã chuyển về Văn phòng UBND tỉnh để phân công lại",
  "ev.answered": "Đã trả lời",
  "ev.published": "Đã công khai câu trả lời",
  "ev.rated": "Người gửi đã đánh giá việc giải quyết",
  "ev.other": "Cập nhật",
  reasonLabel: "Lý do",
  "channel.web": "Trang web",
  "channel.kiosk": "Kiosk",
  "channel.hotline": "Đường dây nóng",
  "channel.paper": "Văn bản giấy",
  "channel.suggestion_box": "Hòm thư góp ý",
  "channel.in_person": "Trực tiếp",
  "channel.api": "Hệ thống điện tử",
  channelVia: "Qua: {channel}",
  rateTitle: "Ông/Bà đánh giá thế nào về việc giải quyết ý kiến này?",
  rateHint: "Chọn một mức. Mỗi ý kiến chỉ được đánh giá một lần.",
  rateThanks: "Cảm ơn Ông/Bà đã đánh giá!",
  ratedAs: "Ông/Bà đã đánh giá: {label} ({n}/5).",
  rateError: "Chưa ghi nhận được đánh giá.",
  rateAlready: "Ông/Bà đã đánh giá ý kiến này rồi. Cảm ơn Ông/Bà!",
  rateNotYet: "Chỉ đánh giá được khi ý kiến đã được trả lời.",
  rateInvalid: "Hãy chọn một mức đánh giá từ 1 đến 5.",
  lookupOther: "Tra cứu mã khác",

  // /cong-khai
  publicTitle: "Công khai trả lời góp ý, phản ánh",
  publicIntro: "Các câu trả lời của cơ quan nhà nước cho ý kiến mà người gửi đồng ý công khai. Thông tin cá nhân của người gửi không được đăng.",
  searchLabel: "Tìm theo nội dung hoặc tên cơ quan",
  searchSubmit: "Tìm",
  searchClear: "Xóa tìm kiếm",
  resultCount: "{n} câu trả lời",
  resultCountQ: "{n} câu trả lời khớp với “{q}”",
  empty: "Chưa có câu trả lời nào được công khai.",
  emptyQ: "Không có câu trả lời nào khớp với “{q}”. Hãy thử từ khóa khác.",
  summaryLabel: "Nội dung (tóm tắt)",
  pageOf: "Trang {p}/{n}",
  prev: "← Trang trước",
  next: "Trang sau →",
  pagination: "Phân trang",
  pageEmpty: "Trang này không có câu trả lời.",
  firstPage: "Về trang đầu",
  publishedOn: "Công khai ngày {date}",
};
export type FeedbackKey = keyof typeof feedbackVi;

const feedbackEn: Partial<Record<FeedbackKey, string>> = {
  required: "required",
  optional: "optional",
  demoItem: "Demo data",
  home: "Home",
  navSend: "Send feedback",
  navTrack: "Track",
  navPublic: "Published answers",
  serverError: "Could not send because of a server error. Please try again in a few minutes.",
  "kind.gop_y": "Suggestion",
  "kind.phan_anh": "Report",
  "kind.kien_nghi": "Request",
  "kind.khieu_nai": "Complaint",
  "kind.to_cao": "Denunciation",
  "kindHint.gop_y": "An idea to help public bodies serve better",
  "kindHint.phan_anh": "Tell us about something that went wrong",
  "kindHint.kien_nghi": "Ask a public body to look into an issue",
  "kindHint.khieu_nai": "Ask for an administrative decision or act to be reviewed",
  "kindHint.to_cao": "Report an official breaking the law",
  "status.received": "Received, being forwarded to the competent body",
  "status.assigned": "Being handled by the competent body",
  "status.answered": "Answered",
  "status.published": "Answered and published",
  "status.closed": "Closed",
  formTitle: "Send a suggestion, report or request",
  formKicker: "Citizens' feedback",
  formIntro: "Your feedback on administrative procedures and public services in the province goes to the competent body. After sending you get a tracking code to follow it up.",
  kindLegend: "Type of feedback",
  formalNote: "Complaints and denunciations are handled under the Law on Complaints and the Law on Denunciations and go to the Provincial Inspectorate. Please give your name and contact details so that they can be accepted.",
  aboutTitle: "Your feedback",
  topic: "Field",
  topicAny: "Choose a field (if known)",
  unit: "Area (district, commune)",
  unitAny: "Choose an area (if known)",
  unitProvince: "Province level",
  unitWhole: "{name} (whole area)",
  servicePoint: "Where you filed your dossier",
  servicePointAny: "Not about a particular place",
  "group.centre": "Province",
  "group.district_desk": "District",
  "group.commune_desk": "Commune",
  "group.other": "Other",
  text: "Message",
  textHint: "10 to 5,000 characters. Say what happened, when and where. Do not write ID numbers.",
  counter: "{n}/5,000 characters",
  contactTitle: "Contact details",
  contactHint: "Only used to tell you the result; never published.",
  contactName: "Full name",
  contactPhone: "Phone number",
  contactPhoneHint: "E.g. 0912345678. You will get a text message with your tracking code.",
  contactEmail: "E-mail",
  consent: "I agree that the content may be published (with personal details removed)",
  consentHint: "If you agree, a summary and the answer may appear on the Published answers page, without your name, phone or e-mail.",
  submit: "Send",
  sending: "Sending…",
  summaryTitle: "Your feedback was not sent",
  summaryCount: "Please correct the {n} item(s) below:",
  formLabel: "Form",
  "err.kind": "Choose a type: suggestion, report, request, complaint or denunciation.",
  "err.select": "This value is not in the list; please choose again.",
  "err.text": "The message is not valid.",
  "err.textRequired": "Please write your message.",
  "err.textShort": "The message is too short: please say more (at least 10 characters).",
  "err.textLong": "The message is too long (at most 5,000 characters).",
  "err.control": "Contains invalid (control) characters; please type it again.",
  "err.name": "The name is too long (at most 120 characters).",
  "err.phone": "Invalid phone number (e.g. 0912345678).",
  "err.email": "Invalid e-mail address.",
  "err.idempotencyKey": "The form has expired; please send it again.",
  "err.generic": "Invalid value.",
  lookupTitle: "Track your feedback",
  lookupIntro: "Type the tracking code you received when sending your feedback (on screen or in the confirmation message).",
  codeLabel: "Tracking code",
  codeHint: "8 characters, e.g. 7KQM-42XD.",
  lookupSubmit: "Track",
  badCode: "A tracking code has 8 characters, e.g. 7KQM-42XD. Please check it.",
  notFoundTitle: "Tracking code not found",
  notFound: "No feedback has this tracking code. Please check the code (8 characters, e.g. 7KQM-42XD).",
  trackTitle: "Progress of your feedback",
  newTitle: "Your feedback has been sent",
  codeLead: "Your tracking code:",
  codeKeep: "please write it down",
  codeKeepHint: "Use it to follow progress and read the answer on the Track page. If you left a phone number or e-mail, we will tell you when there is an answer.",
  expectedAnswer: "Expected answer by: {date}",
  expectedForward: "To reach the competent body by: {date}",
  fStatus: "Status",
  fKind: "Type",
  fAgency: "Handled by",
  fAgencyNone: "Being assigned by the Provincial People's Committee Office",
  fReceived: "Received",
  fDue: "Answer due",
  fDueForward: "Assignment due",
  fAnswered: "Answered",
  overdue: "Overdue",
  timeline: "Progress",
  answerTitle: "Answer",
  yourText: "What you wrote",
  answerFrom: "Answer from {agency}",
  noAnswerYet: "No answer yet. The answer will appear here as soon as the competent body replies.",
  "ev.received": "Feedback received",
  "ev.routed": "Forwarded to {agency}",
  "ev.queued": "Waiting for assignment by the Provincial People's Committee Office",
  "ev.assigned": "Assigned to {agency}",
  "ev.transferred": "Transferred to {agency}",
  "ev.transferredBack": "Sent back to the Provincial People's Committee Office for reassignment",
  "ev.answered": "Answered",
  "ev.published": "Answer published",
  "ev.rated": "The sender rated the handling",
  "ev.other": "Update",
  reasonLabel: "Reason",
  "channel.web": "Website",
  "channel.kiosk": "Kiosk",
  "channel.hotline": "Hotline",
  "channel.paper": "Letter",
  "channel.suggestion_box": "Suggestion box",
  "channel.in_person": "In person",
  "channel.api": "Electronic system",
  channelVia: "Via: {channel}",
  rateTitle: "How satisfied are you with how your feedback was handled?",
  rateHint: "Choose one level. Each item can be rated once.",
  rateThanks: "Thank you for your rating!",
  ratedAs: "Your rating: {label} ({n}/5).",
  rateError: "Your rating was not recorded.",
  rateAlready: "You have already rated this item. Thank you!",
  rateNotYet: "An item can be rated once it has been answered.",
  rateInvalid: "Choose a level from 1 to 5.",
  lookupOther: "Track another code",
  publicTitle: "Published answers to citizens' feedback",
  publicIntro: "Answers of public bodies to feedback whose senders agreed to publication. Senders' personal details are never shown.",
  searchLabel: "Search the content or an agency's name",
  searchSubmit: "Search",
  searchClear: "Clear search",
  resultCount: "{n} answers",
  resultCountQ: "{n} answers match “{q}”",
  empty: "No answers have been published yet.",
  emptyQ: "No answers match “{q}”. Try other words.",
  summaryLabel: "Feedback (summary)",
  pageOf: "Page {p} of {n}",
  prev: "← Previous",
  next: "Next →",
  pagination: "Pages",
  pageEmpty: "There are no answers on this page.",
  firstPage: "Go to the first page",
  publishedOn: "Published {date}",
};

export const ft = makeTranslator<FeedbackKey>("feedback", feedbackVi, { en: feedbackEn });

/** The same path in English when the page is in English (other languages are not linked). */
export function withLang(path: string, lang: string): string {
  if (lang !== "en") return path;
  return `${path}${path.includes("?") ? "&" : "?"}lang=en`;
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy' (a calendar day, no time zone involved). */
export function formatDay(day: string | null | undefined): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return "—";
  return day.split("-").reverse().join("/");
}

/**
 * A field error from the shared schema or the intake use case, in the page's language. Known
 * Vietnamese messages are mapped to this catalogue; unknown ones (e.g. zod's English defaults)
 * become a plain message for the field, so the page never shows a library's wording.
 */
export function fieldMessage(field: string, message: string, lang: string): string {
  const m = message ?? "";
  const ctrl = /ký tự không hợp lệ|ký tự điều khiển/.test(m);
  let key: FeedbackKey;
  switch (field) {
    case "kind":
      key = "err.kind";
      break;
    case "text":
      key = ctrl ? "err.control" : /quá ngắn/.test(m) ? "err.textShort" : /quá dài/.test(m) ? "err.textLong" : /Hãy nhập/.test(m) ? "err.textRequired" : "err.text";
      break;
    case "contactName":
      key = ctrl ? "err.control" : "err.name";
      break;
    case "contactPhone":
      key = ctrl ? "err.control" : "err.phone";
      break;
    case "contactEmail":
      key = ctrl ? "err.control" : "err.email";
      break;
    case "topic":
    case "unit":
    case "servicePoint":
      // "Không tìm thấy đơn vị hành chính "X"." says which value was wrong: keep it in Vietnamese.
      if (lang === "vi" && /^Không (tìm thấy|có)/.test(m)) return m;
      key = ctrl ? "err.control" : "err.select";
      break;
    case "idempotencyKey":
      key = "err.idempotencyKey";
      break;
    default:
      key = "err.generic";
  }
  return ft(lang, key);
}
