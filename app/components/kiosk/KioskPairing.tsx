import { useState } from "react";
import type { Lang } from "../../i18n/format";
import { saveDevice, type PairedDevice } from "./device";

const TEXT = {
  vi: {
    title: "Kiosk chưa được ghép nối",
    hint: "Cán bộ quản trị tạo mã ghép nối tại trang Quản trị › Thiết bị kiosk, rồi nhập mã vào đây.",
    label: "Mã ghép nối (8 ký tự)",
    pair: "Ghép nối",
    pairing: "Đang ghép nối…",
    offline: "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
    wrongPoint: (p: string) => `Thiết bị này đang được ghép với điểm ${p}. Nhập mã mới để ghép với điểm này.`,
    note: "Người dân: vui lòng báo cán bộ tại quầy. Cảm ơn Ông/Bà!",
    empty: "Vui lòng nhập mã ghép nối gồm 8 ký tự.",
  },
  en: {
    title: "This kiosk is not paired yet",
    hint: "An administrator creates a pairing code under Administration › Kiosk devices; enter it here.",
    label: "Pairing code (8 characters)",
    pair: "Pair",
    pairing: "Pairing…",
    offline: "Cannot reach the server. Check the network and try again.",
    wrongPoint: (p: string) => `This device is paired with ${p}. Enter a new code to pair it with this point.`,
    note: "Citizens: please tell the staff at the desk. Thank you!",
    empty: "Please enter the 8-character pairing code.",
  },
} as const;

/** The tablet's pairing screen: a one-time code from the admin page → a device token in localStorage. */
export function KioskPairing({ lang, pointName, otherPoint, onPaired }: { lang: Lang; pointName?: string; otherPoint?: string | null; onPaired: (d: PairedDevice) => void }) {
  const t = TEXT[lang === "en" ? "en" : "vi"];
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (code.replace(/[^A-Za-z0-9]/g, "").length !== 8) return setError(t.empty);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/v1/devices/pair", { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ code }) });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        setError(body?.error?.message ?? t.offline);
        return;
      }
      const d: PairedDevice = { token: body.token, point: body.point.code, name: body.device.name };
      saveDevice(d);
      onPaired(d);
    } catch {
      setError(t.offline);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="kiosk-pair" data-testid="kiosk-pairing">
      <svg className="kiosk-icon" viewBox="0 0 100 100" aria-hidden="true" width="110" height="110">
        <circle cx="50" cy="50" r="46" fill="#eef2f4" stroke="#8a949e" strokeWidth="4" />
        <rect x="30" y="24" width="40" height="52" rx="6" fill="none" stroke="#55606b" strokeWidth="6" />
        <circle cx="50" cy="66" r="4" fill="#55606b" />
      </svg>
      <h1 className="kiosk-title">{t.title}</h1>
      {pointName ? <p className="kiosk-hint small">{pointName}</p> : null}
      <p className="kiosk-hint small">{otherPoint ? t.wrongPoint(otherPoint) : t.hint}</p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="kiosk-pair-code">{t.label}</label>
        <input
          id="kiosk-pair-code" name="code" value={code} autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={12}
          placeholder="ABCD-EFGH" aria-invalid={error ? true : undefined} aria-describedby={error ? "kiosk-pair-error" : undefined}
          onChange={(e) => setCode(e.target.value)}
        />
        {error ? <p id="kiosk-pair-error" className="kiosk-pair-error" role="alert">{error}</p> : null}
        <button type="submit" className="kiosk-primary" disabled={busy}>{busy ? t.pairing : t.pair}</button>
      </form>
      <p className="kiosk-pair-note">{t.note}</p>
    </section>
  );
}
