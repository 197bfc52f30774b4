// Label lists for selects (kinds, statuses, channels), from the one source of labels.
import { CHANNEL_LABEL, STATUS_SHORT } from "../../domain/feedback-labels";
import { FEEDBACK_KINDS } from "../../domain/routing";
import { FEEDBACK_CHANNELS, STAFF_CHANNELS } from "../../domain/channels";
import { KIND_LABEL } from "./feedback.server";



/** Label lists for selects (kinds, statuses, channels), built from the one source of labels. */
export function labelOptions() {
  return {
    kinds: FEEDBACK_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] })),
    statuses: Object.entries(STATUS_SHORT).map(([value, label]) => ({ value, label })),
    channels: FEEDBACK_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABEL[c] })),
    staffChannels: STAFF_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABEL[c] })),
  };
}
