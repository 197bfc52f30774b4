// The channels: how a survey response arrives, and how a feedback item arrives. One list each.

/** How a survey response was taken. */
export const CHANNELS = ["kiosk", "online", "paper", "phone"] as const;
export type Channel = (typeof CHANNELS)[number];

/** The survey channels in Vietnamese, as staff pages and exports show them (never the codes). */
export const SURVEY_CHANNEL_LABEL: Record<Channel, string> = {
  kiosk: "Kiosk tại Bộ phận Một cửa",
  online: "Trực tuyến (QR)",
  paper: "Phiếu giấy",
  phone: "Điện thoại",
};

/** A dashboard or export filter: one channel, or all of them. */
export const CHANNEL_OPTIONS = ["all", ...CHANNELS] as const;
export type ChannelOption = (typeof CHANNEL_OPTIONS)[number];

/** How a feedback item (góp ý, phản ánh, kiến nghị) arrived. */
export const FEEDBACK_CHANNELS = ["web", "kiosk", "hotline", "paper", "suggestion_box", "in_person", "api"] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

/** The feedback channels that staff enter on a citizen's behalf. */
export const STAFF_CHANNELS = ["hotline", "paper", "suggestion_box", "in_person"] as const;

export function isChannel(v: unknown): v is Channel {
  return typeof v === "string" && (CHANNELS as readonly string[]).includes(v);
}
