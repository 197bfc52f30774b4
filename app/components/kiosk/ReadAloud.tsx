import { useEffect, useState } from "react";
import type { Lang } from "../../i18n/format";
import { tk } from "../../i18n/kiosk";

/** The voices of this device's speech synthesis, kept up to date (Chromium fills the list late). */
export function useVoices(): SpeechSynthesisVoice[] | null {
  const [voices, setVoices] = useState<SpeechSynthesisVoice[] | null>(null);
  useEffect(() => {
    const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
    if (!synth || typeof window.SpeechSynthesisUtterance === "undefined") return;
    const update = () => setVoices(synth.getVoices());
    update();
    synth.addEventListener?.("voiceschanged", update);
    return () => synth.removeEventListener?.("voiceschanged", update);
  }, []);
  return voices;
}

/** A voice for a language code ("vi" → vi-VN first), or undefined: never a voice of another language. */
export function voiceFor(voices: readonly SpeechSynthesisVoice[], lang: string): SpeechSynthesisVoice | undefined {
  const want = lang.toLowerCase();
  const matches = voices.filter((v) => v.lang.toLowerCase().replace("_", "-").split("-")[0] === want);
  const preferred = want === "vi" ? "vi-vn" : "";
  return matches.find((v) => v.lang.toLowerCase().replace("_", "-") === preferred) ?? matches.find((v) => v.localService) ?? matches[0];
}

const BCP47: Record<string, string> = { vi: "vi-VN", en: "en-GB" };

/**
 * "Đọc câu hỏi": reads the question and the five answers with the browser's speech synthesis, in the
 * language the text is in. When the device has no voice for it, the button is not shown (a Vietnamese
 * question read by an English voice is worse than nothing); the staff status mark says the voice is missing.
 */
export function ReadAloud({ text, textLang, uiLang }: { text: string; textLang: string; uiLang: Lang }) {
  const voices = useVoices();
  const [speaking, setSpeaking] = useState(false);
  const voice = voices ? voiceFor(voices, textLang) : undefined;

  // Stop when the question changes or the screen goes away.
  useEffect(() => {
    setSpeaking(false);
    return () => {
      if (typeof window !== "undefined" && window.speechSynthesis) window.speechSynthesis.cancel();
    };
  }, [text]);

  // No voice for this language: citizens see no button and no notice (staff see it on the status mark).
  if (!voice) return null;
  const note = null as string | null;

  const toggle = () => {
    const synth = window.speechSynthesis;
    if (!voice || !synth) return;
    synth.cancel();
    if (speaking) {
      setSpeaking(false);
      return;
    }
    const u = new window.SpeechSynthesisUtterance(text);
    u.lang = voice.lang || BCP47[textLang] || textLang;
    u.voice = voice;
    u.rate = 0.9;
    u.onend = () => setSpeaking(false);
    u.onerror = () => setSpeaking(false);
    setSpeaking(true);
    synth.speak(u);
  };

  return (
    <div className="kiosk-read">
      <button type="button" className="kiosk-read-btn" onClick={toggle} disabled={!voice} aria-describedby={note ? "kiosk-read-note" : undefined}>
        <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
          <path d="M4 9v6h4l5 4V5L8 9H4z" fill="currentColor" />
          {voice ? <path d="M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" /> : <path d="M16 9l5 6M21 9l-5 6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />}
        </svg>
        {speaking ? tk(uiLang, "readAloudStop") : tk(uiLang, "readAloud")}
      </button>
      {note ? <span className="kiosk-read-note" id="kiosk-read-note">{note}</span> : null}
    </div>
  );
}
