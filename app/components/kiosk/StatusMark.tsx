import { useEffect, useState } from "react";
import type { Lang } from "../../i18n/format";
import { subscribe, type QueueState } from "./offline-queue";
import { useVoices, voiceFor } from "./ReadAloud";

const TEXT = {
  vi: { queued: (n: number) => `${n} phiếu chờ gửi`, synced: "Đã đồng bộ", never: "Chưa đồng bộ", offline: "Mất mạng", label: "Trạng thái gửi phiếu (cho cán bộ)", noVoice: "Chưa có giọng đọc tiếng Việt" },
  en: { queued: (n: number) => `${n} waiting`, synced: "Synced", never: "Not synced yet", offline: "Offline", label: "Sending status (for staff)", noVoice: "No Vietnamese voice" },
} as const;

function hhmm(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/**
 * For staff, not for citizens: a small neutral mark in the bottom-left corner with the number of
 * answers waiting in the outbox and the time of the last successful send.
 */
export function StatusMark({ lang }: { lang: Lang }) {
  const [state, setState] = useState<QueueState | null>(null);
  const [online, setOnline] = useState(true);
  const voices = useVoices();
  useEffect(() => subscribe(setState), []);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  if (!state) return null;
  const t = TEXT[lang === "en" ? "en" : "vi"];
  const parts = [
    online ? null : t.offline,
    state.queued ? t.queued(state.queued) : null,
    state.lastSync ? `${t.synced} ${hhmm(state.lastSync)}` : t.never,
    // For staff: read-aloud needs a Vietnamese voice on the tablet (citizens are not told).
    !voices || !voiceFor(voices, "vi") ? t.noVoice : null,
  ].filter(Boolean);
  return (
    <p className="kiosk-status" data-testid="kiosk-status" data-queued={state.queued || undefined} data-offline={online ? undefined : ""}>
      <span className="dot" aria-hidden="true" />
      <span className="sr-only">{t.label}: </span>
      <span>{parts.join(" · ")}</span>
    </p>
  );
}
