import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { Lang } from "../../i18n/format";
import { translate } from "../../i18n/messages";
import { tk } from "../../i18n/kiosk";
import { questionText, type LanguageInfo } from "../../i18n/locales";
import { Face, FACE_COLORS } from "./Face";
import { newIdempotencyKey, type KioskPayload } from "./submit";
import { submit as submitQueued } from "./offline-queue";
import { KioskLangSwitch } from "./LangSwitch";
import { KioskPrefsBar, prefsClass, useKioskPrefs } from "./KioskPrefs";
import { ReadAloud } from "./ReadAloud";
import { answerOptions, ChoiceButtons, digitsOf, NumberAnswer, numberError, optionForKey, TextAnswer, type TypedQuestion } from "./TypedAnswer";

/** One question as the kiosk shows it: any type of docs/decisions/0006 (likert5, yes_no, choice, number, text). */
export interface KioskQuestion extends TypedQuestion {
  code: string;
  text: string;
  textEn: string | null;
  /** likert5: reasons offered after a rating of 1 or 2 (the question's data, spec.reasons). */
  reasons?: Array<{ label: string; labelEn: string | null }>;
  /** likert5: "Không áp dụng" is offered (the question applies only to some people). */
  notApplicable?: boolean;
  /** Asked only after "Có" to this screening question (spec.screen, issue 17). */
  screen?: { key: string; text: string; textEn: string | null };
}

/** A rating that asks "why?" (issue 17). */
const isLow = (v: number | null | undefined) => typeof v === "number" && v <= 2;
/** A phone number as typed, without spaces, dots and dashes. */
const phoneOf = (p: string) => p.replace(/[\s.-]/g, "");

/** Questions answered by one touch (and so not skippable); a number or a free text is optional. */
const TOUCH_TYPES = new Set(["likert5", "yes_no", "choice"]);

interface KioskProps {
  point: { code: string; name: string; nameEn: string | null };
  questionnaire: { code: string; questions: KioskQuestion[] };
  lang: Lang;
  /** Vietnamese, English and the languages of locales/*.json. */
  languages: LanguageInfo[];
  demo: boolean;
}

/** Idle time before an unfinished rating goes back to the welcome screen. */
const IDLE_MS = 60_000;
/** How long the thank-you screen stays. */
const THANKS_MS = 8_000;
/** How long a pressed face stays highlighted before the next question. */
const ADVANCE_MS = 280;

const SCALE = [1, 2, 3, 4, 5] as const;

type Screen = "welcome" | "question" | "reasons" | "comment" | "sending" | "error" | "thanks";

interface State {
  screen: Screen;
  index: number;
  answers: Record<string, number | null>;
  /** Reasons tapped after a low rating, by question code. */
  reasons: Record<string, string[]>;
  /** "Tôi muốn được trả lời" and the phone number typed for it. */
  wantsReply: boolean;
  phone: string;
  /** The feedback item's tracking code when the follow-up became one. */
  trackingCode: string | null;
  /** What was typed for number and free-text questions, by question code (kept on Back). */
  typed: Record<string, string>;
  comment: string;
  /** Created once per respondent, reused by every retry. */
  key: string | null;
  /** What is (being) sent: frozen at submit time so a retry sends exactly the same body. */
  payload: KioskPayload | null;
  attempt: number;
  lang: Lang;
  /** Screening answers by key: true "Có", false "Chưa" (its criteria are then "không áp dụng"). */
  screens: Record<string, boolean>;
}

type Action =
  | { type: "start"; key: string }
  | { type: "answer"; code: string; value: number | null }
  | { type: "toReasons" }
  | { type: "toggleReason"; code: string; label: string }
  | { type: "reply"; wantsReply?: boolean; phone?: string }
  | { type: "typed"; code: string; text: string }
  /** After the last question: `finish` is the payload when there is no separate comment screen. */
  | { type: "next"; count: number; finish: KioskPayload | null }
  | { type: "back" }
  | { type: "comment"; text: string }
  | { type: "submit"; payload: KioskPayload }
  | { type: "retry" }
  | { type: "sent"; trackingCode?: string | null }
  | { type: "failed" }
  | { type: "lang"; lang: Lang }
  /** A screening answer; after "Chưa" the gated questions are null and `index` is the next question to ask. */
  | { type: "screened"; key: string; yes: boolean; codes: string[]; index: number; count: number; finish: KioskPayload | null }
  | { type: "unscreen"; key: string; index?: number }
  | { type: "reset"; lang: Lang };

function initial(lang: Lang): State {
  return { screen: "welcome", index: 0, answers: {}, reasons: {}, wantsReply: false, phone: "", trackingCode: null, typed: {}, comment: "", key: null, payload: null, attempt: 0, lang, screens: {} };
}

function reducer(s: State, a: Action): State {
  switch (a.type) {
    case "start":
      return s.screen === "welcome" ? { ...initial(s.lang), screen: "question", key: a.key } : s;
    case "answer": {
      if (s.screen !== "question") return s;
      const reasons = { ...s.reasons };
      if (!isLow(a.value)) delete reasons[a.code];
      return { ...s, answers: { ...s.answers, [a.code]: a.value }, reasons };
    }
    case "toReasons":
      return s.screen === "question" ? { ...s, screen: "reasons" } : s;
    case "toggleReason": {
      const cur = s.reasons[a.code] ?? [];
      const next = cur.includes(a.label) ? cur.filter((x) => x !== a.label) : [...cur, a.label];
      return { ...s, reasons: { ...s.reasons, [a.code]: next } };
    }
    case "reply":
      return { ...s, wantsReply: a.wantsReply ?? s.wantsReply, phone: a.phone ?? s.phone };
    case "typed":
      return s.screen === "question" ? { ...s, typed: { ...s.typed, [a.code]: a.text } } : s;
    case "next":
      if (s.screen !== "question" && s.screen !== "reasons") return s;
      if (s.index + 1 < a.count) return { ...s, screen: "question", index: s.index + 1 };
      return a.finish ? { ...s, screen: "sending", payload: a.finish, attempt: s.attempt + 1 } : { ...s, screen: "comment" };
    case "back":
      if (s.screen === "comment" || s.screen === "reasons") return { ...s, screen: "question" };
      if (s.screen === "question") return s.index > 0 ? { ...s, index: s.index - 1 } : { ...s, screen: "welcome" };
      return s;
    case "comment":
      return { ...s, comment: a.text };
    case "submit":
      return s.screen === "comment" ? { ...s, screen: "sending", payload: a.payload, attempt: s.attempt + 1 } : s;
    case "retry":
      return s.screen === "error" ? { ...s, screen: "sending", attempt: s.attempt + 1 } : s;
    case "sent":
      return s.screen === "sending" ? { ...initial(s.lang), screen: "thanks", trackingCode: a.trackingCode ?? null } : s;
    case "failed":
      return s.screen === "sending" ? { ...s, screen: "error" } : s;
    case "lang":
      return { ...s, lang: a.lang };
    case "screened": {
      if (s.screen !== "question") return s;
      const screens = { ...s.screens, [a.key]: a.yes };
      if (a.yes) return { ...s, screens };
      const answers = { ...s.answers };
      const reasons = { ...s.reasons };
      for (const c of a.codes) {
        answers[c] = null;
        delete reasons[c];
      }
      if (a.index < a.count) return { ...s, screens, answers, reasons, index: a.index };
      return a.finish ? { ...s, screens, answers, reasons, screen: "sending", payload: a.finish, attempt: s.attempt + 1 } : { ...s, screens, answers, reasons, index: a.count - 1, screen: "comment" };
    }
    case "unscreen": {
      const { [a.key]: _gone, ...screens } = s.screens;
      return a.index === undefined ? { ...s, screens } : { ...s, screens, screen: "question", index: a.index };
    }
    case "reset":
      return initial(a.lang);
  }
}

export function KioskApp({ point, questionnaire, lang: initialLang, languages, demo }: KioskProps) {
  const [s, dispatch] = useReducer(reducer, initialLang, initial);
  const [prefs, setPrefs, resetPrefs] = useKioskPrefs();
  const [hydrated, setHydrated] = useState(false);
  const [keyboardUsed, setKeyboardUsed] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const lastActivity = useRef(now);
  const thanksSince = useRef(0);
  const advancing = useRef<ReturnType<typeof setTimeout> | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  const questions = questionnaire.questions;
  const n = questions.length;
  const lang = s.lang;
  const t = (k: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(lang, k, vars);
  const k = (key: Parameters<typeof tk>[1], vars?: Record<string, string | number>) => tk(lang, key, vars);

  useEffect(() => setHydrated(true), []);

  const reset = useCallback(() => {
    if (advancing.current) clearTimeout(advancing.current);
    advancing.current = null;
    dispatch({ type: "reset", lang: initialLang });
    // Each new citizen starts from the kiosk's defaults: language, text size, contrast.
    resetPrefs();
  }, [initialLang, resetPrefs]);

  // Any touch, click or key press counts as activity.
  useEffect(() => {
    const touch = () => (lastActivity.current = Date.now());
    const events = ["pointerdown", "keydown", "touchstart", "input", "wheel"] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true, capture: true });
    return () => {
      for (const e of events) window.removeEventListener(e, touch, { capture: true });
    };
  }, []);

  // One clock for both timeouts (and the countdown on the thank-you screen).
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    if (s.screen === "thanks") thanksSince.current = Date.now();
    lastActivity.current = Date.now();
  }, [s.screen, s.index]);
  useEffect(() => {
    if (s.screen === "thanks") {
      if (now - thanksSince.current >= THANKS_MS) reset();
    } else if (s.screen !== "welcome" && s.screen !== "sending") {
      // An unsent payload stays in the outbox and is sent later in the background.
      if (now - lastActivity.current >= IDLE_MS) reset();
    } else if (s.screen === "welcome" && (prefs.largeText || prefs.highContrast || s.lang !== initialLang)) {
      // Someone changed the display or the language and walked away: back to the kiosk's defaults.
      if (now - lastActivity.current >= IDLE_MS) reset();
    }
  }, [now, s.screen, reset, prefs, s.lang, initialLang]);

  // Send (and re-send on retry) the frozen payload.
  useEffect(() => {
    if (s.screen !== "sending" || !s.payload) return;
    let live = true;
    const p = s.payload;
    // kiosk-field: the answer is in the durable outbox (IndexedDB) before it is sent; when the
    // network or the server is away it stays there and is sent later, so the citizen is thanked.
    submitQueued(p).then(
      (r) => live && (r.ok || r.retryable ? dispatch({ type: "sent", trackingCode: r.ok ? r.trackingCode ?? null : null }) : dispatch({ type: "failed" })),
      () => live && dispatch({ type: "failed" }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one send per attempt: the payload is frozen at submit and a retry bumps s.attempt
  }, [s.screen, s.attempt]);

  // Move focus to the new screen's heading so keyboard and screen-reader users follow along.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus({ preventScroll: true });
  }, [s.screen, s.index]);

  const start = () => dispatch({ type: "start", key: newIdempotencyKey() });

  // A questionnaire with its own free-text question needs no separate comment screen.
  const commentStep = !questions.some((x) => x.type === "text");
  const [numberErr, setNumberErr] = useState<string | null>(null);

  /** The body sent for these answers: touch answers as they are, typed numbers as integers, texts trimmed. */
  const payloadOf = (answers: Record<string, number | null>, typed: Record<string, string>, comment: string, reasons: Record<string, string[]> = s.reasons): KioskPayload => {
    const all: Record<string, number | string | null> = { ...answers };
    for (const x of questions) {
      const raw = typed[x.code];
      if (x.type === "number" && raw && digitsOf(raw)) all[x.code] = Number(digitsOf(raw));
      if (x.type === "text" && raw?.trim()) all[x.code] = raw.trim();
    }
    return {
      questionnaire: questionnaire.code,
      servicePoint: point.code,
      channel: "kiosk",
      answers: all,
      idempotencyKey: s.key ?? newIdempotencyKey(),
      comment: comment ? comment : null,
      // After a rating of 1 or 2: the reasons tapped and a reply request become a feedback item (issue 17).
      followUp: anyLowIn(answers) ? {
        reasons: questions.filter((x) => isLow(answers[x.code])).flatMap((x) => reasons[x.code] ?? []),
        wantsReply: s.wantsReply && !!phoneOf(s.phone),
        phone: s.wantsReply && phoneOf(s.phone) ? phoneOf(s.phone) : null,
      } : null,
      submittedAt: new Date().toISOString(),
    };
  };
  const anyLowIn = (answers: Record<string, number | null>) => questions.some((x) => x.type === "likert5" && isLow(answers[x.code]));
  const atEnd = s.index + 1 >= n;
  const finishWith = (answers: Record<string, number | null>, typed: Record<string, string>) => (atEnd && !commentStep ? payloadOf(answers, typed, "") : null);

  /** A touch answer (face, yes/no, option): highlighted a moment, then the next screen. */
  const choose = (value: number | null) => {
    if (s.screen !== "question" || advancing.current) return;
    const cur = questions[s.index];
    const code = cur.code;
    dispatch({ type: "answer", code, value });
    // A rating of 1 or 2 on a question with reasons: "why?" first, as large buttons.
    const askWhy = cur.type === "likert5" && isLow(value) && (cur.reasons?.length ?? 0) > 0;
    const finish = askWhy ? null : finishWith({ ...s.answers, [code]: value }, s.typed);
    advancing.current = setTimeout(() => {
      advancing.current = null;
      dispatch(askWhy ? { type: "toReasons" } : { type: "next", count: n, finish });
    }, ADVANCE_MS);
  };

  /** Next from the reasons screen. */
  const afterReasons = () => {
    if (s.screen !== "reasons") return;
    dispatch({ type: "next", count: n, finish: finishWith(s.answers, s.typed) });
  };
  const [phoneErr, setPhoneErr] = useState<string | null>(null);

  /** Next (or Skip) on a number or free-text question. */
  const goOn = (skip: boolean) => {
    if (s.screen !== "question" || advancing.current) return;
    const cur = questions[s.index];
    const typed = skip ? { ...s.typed, [cur.code]: "" } : s.typed;
    if (cur.type === "number" && !skip) {
      const err = numberError(cur, digitsOf(s.typed[cur.code] ?? ""), lang);
      setNumberErr(err);
      if (err) return;
    }
    if (skip) dispatch({ type: "typed", code: cur.code, text: "" });
    setNumberErr(null);
    dispatch({ type: "next", count: n, finish: finishWith(s.answers, typed) });
  };

  const back = () => {
    if (advancing.current) return;
    setNumberErr(null);
    // Back onto criteria skipped after "Chưa": to their screening question.
    const prev = s.screen === "question" ? questions[s.index - 1] : s.screen === "comment" ? questions[s.index] : null;
    if (prev?.screen && s.screens[prev.screen.key] === false) {
      dispatch({ type: "unscreen", key: prev.screen.key, index: questions.findIndex((x) => x.screen?.key === prev.screen!.key) });
      return;
    }
    dispatch({ type: "back" });
  };

  /** The screening question (issue 17): a rating answers "yes"; "Chưa" stores its criteria as "không áp dụng" and moves past them. */
  const screenAnswer = (yes: boolean) => {
    const cur = questions[s.index];
    if (!cur?.screen || advancing.current) return;
    const key = cur.screen.key;
    const codes = questions.filter((x) => x.screen?.key === key).map((x) => x.code);
    const lastGated = questions.reduce((m, x, i) => (x.screen?.key === key ? i : m), s.index);
    const answers = { ...s.answers };
    for (const c of codes) answers[c] = null;
    const finish = !yes && lastGated + 1 >= n && !commentStep ? payloadOf(answers, s.typed, "") : null;
    dispatch({ type: "screened", key, yes, codes, index: lastGated + 1, count: n, finish });
  };

  const submit = (withComment: boolean) => {
    if (anyLowIn(s.answers) && s.wantsReply && !/^(\+84|0)\d{9,10}$/.test(phoneOf(s.phone))) {
      setPhoneErr(k("phoneError"));
      return;
    }
    setPhoneErr(null);
    const comment = withComment ? s.comment.trim() : "";
    dispatch({ type: "submit", payload: payloadOf(s.answers, s.typed, comment) });
  };

  // Keyboard: 1–5 choose a face; Enter/Space on the bare welcome screen starts.
  const keyHandler = useRef<(e: KeyboardEvent) => void>(() => {});
  // eslint-disable-next-line react-hooks/refs -- the window listener calls the handler of the latest render; set in an effect it would act on the previous screen until the effect ran
  keyHandler.current = (e: KeyboardEvent) => {
    if (!keyboardUsed) setKeyboardUsed(true);
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement | null;
    const typing = !!target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.isContentEditable);
    if (typing) return;
    const cur = s.screen === "question" ? questions[s.index] : null;
    if (cur?.type === "likert5" && /^[1-5]$/.test(e.key)) {
      e.preventDefault();
      choose(Number(e.key));
    } else if (cur && (cur.type === "yes_no" || cur.type === "choice") && optionForKey(cur, e.key) !== null) {
      e.preventDefault();
      choose(optionForKey(cur, e.key)!);
    } else if (s.screen === "welcome" && (e.key === "Enter" || e.key === " ") && (!target || target === document.body)) {
      e.preventDefault();
      start();
    }
  };
  useEffect(() => {
    const h = (e: KeyboardEvent) => keyHandler.current(e);
    window.addEventListener("keydown", h);
    return () => window.removeEventListener("keydown", h);
  }, []);

  const q = questions[s.index];
  // issue 17: the first criterion behind a screening question carries it; "Chưa" skips every criterion behind it.
  const screenHere = !!q?.screen && questions.findIndex((x) => x.screen?.key === q.screen!.key) === s.index;
  const pointName = lang === "en" && point.nameEn ? point.nameEn : point.name;
  const qt = q ? questionText(lang, questionnaire.code, q) : null;
  // eslint-disable-next-line react-hooks/refs -- the 500 ms clock re-renders the countdown; the time the thank-you screen came is a ref so that noting it renders nothing
  const thanksLeft = Math.max(1, Math.ceil((THANKS_MS - (now - thanksSince.current)) / 1000));

  return (
    <div className={`kiosk screen-${s.screen}${prefsClass(prefs)}`} lang={lang} data-hydrated={hydrated ? "true" : "false"} data-screen={s.screen} data-keyboard={keyboardUsed ? "" : undefined}>
      <header className="kiosk-top">
        <p className="kiosk-point">{pointName}</p>
        <div className="kiosk-tools">
          <KioskPrefsBar prefs={prefs} onChange={setPrefs} lang={lang} />
          <KioskLangSwitch languages={languages} lang={lang} onChange={(l) => dispatch({ type: "lang", lang: l })} />
        </div>
      </header>

      <main className="kiosk-main">
        {s.screen === "welcome" ? (
          // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-static-element-interactions -- a tap anywhere starts on a touch kiosk; keyboard users have the Start button and Enter/Space (keyHandler)
          <section className="kiosk-welcome" onClick={(e) => {
            if ((e.target as HTMLElement).closest("button")) return;
            start();
          }}>
            <div className="kiosk-welcome-faces" aria-hidden="true">
              {SCALE.map((v) => <Face key={v} value={v} size={84} />)}
            </div>
            <h1 ref={heading} tabIndex={-1} className="kiosk-title">{t("kiosk.welcome")}</h1>
            <p className="kiosk-hint">{t("kiosk.welcomeHint")}</p>
            <ul className="kiosk-facts" aria-hidden="true">
              <li>{k("questionsCount", { n })}</li>
              <li>{k("minute")}</li>
              <li>{k("anonymous")}</li>
            </ul>
            <button type="button" className="kiosk-start" onClick={start}>
              {t("start")} <span aria-hidden="true">→</span>
            </button>
          </section>
        ) : null}

        {s.screen === "question" && q ? (
          <section className={`kiosk-question type-${q.type}`} key={q.code} data-type={q.type}>
            <Progress i={s.index + 1} n={n} label={t("kiosk.progress", { i: s.index + 1, n })} />
            {screenHere ? <p className="kiosk-screen-q" id="kiosk-screen-q">{(lang === "en" ? q.screen!.textEn : null) ?? q.screen!.text} <span className="kiosk-screen-if">{k("screenIfYes")}</span></p> : null}
            <h1 ref={heading} tabIndex={-1} className="kiosk-qtext" lang={qt!.lang} id="kiosk-qtext">
              {qt!.text}
            </h1>
            {q.type === "likert5" ? (
              <p className="kiosk-hint small">{k("chooseHint")}<span className="kbd-hint"> ({k("chooseHintKeys")})</span></p>
            ) : q.type === "yes_no" || q.type === "choice" ? (
              <p className="kiosk-hint small">{k("chooseOneHint")}<span className="kbd-hint"> ({q.type === "yes_no" ? k("yesNoKeys") : k("choiceKeys", { n: Math.min(9, q.options?.length ?? 0) })})</span></p>
            ) : null}
            <ReadAloud text={readAloudText(q, qt!.text, qt!.lang, lang)} textLang={qt!.lang} uiLang={lang} />
            {q.type === "likert5" ? (
              <div className="kiosk-faces" role="group" aria-label={qt!.text}>
                {SCALE.map((v) => {
                  const selected = s.answers[q.code] === v;
                  const c = FACE_COLORS[v];
                  return (
                    <button
                      key={v}
                      type="button"
                      className={`kiosk-face${selected ? " selected" : ""}`}
                      data-value={v}
                      aria-pressed={selected}
                      style={{ ["--face" as string]: c.ring, ["--tint" as string]: c.tint }}
                      onClick={() => choose(v)}
                    >
                      <span className="kiosk-face-key" aria-hidden="true">{v}</span>
                      <Face value={v} className="kiosk-face-svg" size={140} />
                      <span className="kiosk-face-label">{t(`scale.${v}` as const)}</span>
                    </button>
                  );
                })}
              </div>
            ) : q.type === "yes_no" || q.type === "choice" ? (
              <ChoiceButtons q={q} lang={lang} selected={s.answers[q.code] ?? undefined} onChoose={choose} label={qt!.text} />
            ) : q.type === "number" ? (
              <NumberAnswer
                q={q} lang={lang} value={s.typed[q.code] ?? ""} error={numberErr} label={`${qt!.text} — ${k("answerLabel")}`}
                onChange={(d) => {
                  setNumberErr(null);
                  dispatch({ type: "typed", code: q.code, text: d });
                }}
                onEnter={() => goOn(false)}
              />
            ) : (
              <TextAnswer q={q} lang={lang} value={s.typed[q.code] ?? ""} label={`${qt!.text} — ${k("answerLabel")}`} placeholder={t("kiosk.commentPlaceholder")} onChange={(text) => dispatch({ type: "typed", code: q.code, text })} />
            )}
            <footer className="kiosk-nav">
              <button type="button" className="kiosk-back" onClick={back}>
                <span aria-hidden="true">←</span> {t("back")}
              </button>
              {screenHere ? (
                <>
                  <span className="spacer" />
                  <button type="button" className="kiosk-secondary kiosk-screen-no" aria-describedby="kiosk-screen-q" onClick={() => screenAnswer(false)}>
                    {k("screenNo")}
                  </button>
                </>
              ) : q.type === "likert5" && q.notApplicable ? (
                <>
                  <span className="spacer" />
                  <button type="button" className={`kiosk-secondary kiosk-na${s.answers[q.code] === null && q.code in s.answers ? " selected" : ""}`} aria-pressed={q.code in s.answers && s.answers[q.code] === null} title={k("notApplicableHint")} onClick={() => choose(null)}>
                    {k("notApplicable")}
                  </button>
                </>
              ) : null}
              {TOUCH_TYPES.has(q.type) ? null : (
                <>
                  <span className="spacer" />
                  <button type="button" className="kiosk-secondary" onClick={() => goOn(true)}>{t("skip")}</button>
                  <button type="button" className="kiosk-primary" onClick={() => goOn(false)}>
                    {atEnd && !commentStep ? t("send") : <>{k("next")} <span aria-hidden="true">→</span></>}
                  </button>
                </>
              )}
            </footer>
          </section>
        ) : null}

        {s.screen === "reasons" && q ? (
          <section className="kiosk-question kiosk-why" key={`${q.code}-why`} data-type="reasons">
            <Progress i={s.index + 1} n={n} label={t("kiosk.progress", { i: s.index + 1, n })} />
            <h1 ref={heading} tabIndex={-1} className="kiosk-qtext">{k("reasonsTitle")}</h1>
            <p className="kiosk-hint small">{k("reasonsHint")}</p>
            <div className="kiosk-reasons" role="group" aria-label={k("reasonsTitle")}>
              {(q.reasons ?? []).map((r) => {
                const on = (s.reasons[q.code] ?? []).includes(r.label);
                return (
                  <button key={r.label} type="button" className="kiosk-reason" aria-pressed={on} onClick={() => dispatch({ type: "toggleReason", code: q.code, label: r.label })}>
                    {(lang === "en" ? r.labelEn : null) ?? r.label}
                  </button>
                );
              })}
            </div>
            <footer className="kiosk-nav">
              <button type="button" className="kiosk-back" onClick={back}>
                <span aria-hidden="true">←</span> {t("back")}
              </button>
              <span className="spacer" />
              <button type="button" className="kiosk-primary" onClick={afterReasons}>
                {atEnd && !commentStep ? t("send") : <>{k("next")} <span aria-hidden="true">→</span></>}
              </button>
            </footer>
          </section>
        ) : null}

        {s.screen === "comment" ? (
          <section className="kiosk-comment">
            <Progress i={n} n={n} label={k("allAnswered", { n })} done />
            <h1 ref={heading} tabIndex={-1} className="kiosk-qtext">{t("kiosk.commentTitle")}</h1>
            <label className="sr-only" htmlFor="kiosk-comment">{k("commentLabel")}</label>
            <textarea
              id="kiosk-comment"
              className="kiosk-textarea"
              value={s.comment}
              maxLength={2000}
              rows={4}
              placeholder={t("kiosk.commentPlaceholder")}
              onChange={(e) => dispatch({ type: "comment", text: e.target.value })}
            />
            {anyLowIn(s.answers) ? (
              <div className="kiosk-reply">
                <button type="button" className="kiosk-reason kiosk-reply-toggle" aria-pressed={s.wantsReply} onClick={() => dispatch({ type: "reply", wantsReply: !s.wantsReply })}>
                  <span aria-hidden="true">{s.wantsReply ? "☑" : "☐"}</span> {k("wantReply")}
                </button>
                {s.wantsReply ? (
                  <span className="kiosk-phone">
                    <label htmlFor="kiosk-phone">{k("phoneLabel")}</label>
                    <input
                      id="kiosk-phone" type="tel" inputMode="tel" autoComplete="off" maxLength={16} value={s.phone}
                      aria-invalid={phoneErr ? true : undefined} aria-describedby={phoneErr ? "kiosk-phone-error" : undefined}
                      onChange={(e) => {
                        setPhoneErr(null);
                        dispatch({ type: "reply", phone: e.target.value });
                      }}
                    />
                  </span>
                ) : null}
                {phoneErr ? <p id="kiosk-phone-error" className="kiosk-field-error" role="alert">{phoneErr}</p> : null}
              </div>
            ) : null}
            <div className="kiosk-actions">
              <button type="button" className="kiosk-back" onClick={back}>
                <span aria-hidden="true">←</span> {t("back")}
              </button>
              <span className="spacer" />
              <button type="button" className="kiosk-secondary" onClick={() => submit(false)}>{t("skip")}</button>
              <button type="button" className="kiosk-primary" onClick={() => submit(true)}>{t("send")}</button>
            </div>
          </section>
        ) : null}

        {s.screen === "sending" ? (
          <section className="kiosk-center" aria-busy="true">
            <div className="kiosk-spinner" aria-hidden="true" />
            <h1 ref={heading} tabIndex={-1} className="kiosk-title" role="status">{t("kiosk.sending")}</h1>
            <p className="kiosk-hint">{k("sendingHint")}</p>
          </section>
        ) : null}

        {s.screen === "error" ? (
          <section className="kiosk-center">
            <svg className="kiosk-icon" viewBox="0 0 100 100" aria-hidden="true" width="120" height="120">
              <circle cx="50" cy="50" r="46" fill="#fff4d6" stroke="#b86a0c" strokeWidth="4" />
              <path d="M50 26 L50 58" stroke="#8a4b00" strokeWidth="9" strokeLinecap="round" />
              <circle cx="50" cy="74" r="5.5" fill="#8a4b00" />
            </svg>
            <h1 ref={heading} tabIndex={-1} className="kiosk-title" role="alert">{t("kiosk.error")}</h1>
            <p className="kiosk-hint">{k("kept")} {k("errorHint")}</p>
            <button type="button" className="kiosk-primary big" onClick={() => dispatch({ type: "retry" })}>
              <span aria-hidden="true">↻</span> {k("retry")}
            </button>
          </section>
        ) : null}

        {s.screen === "thanks" ? (
          <section className="kiosk-center kiosk-thanks">
            <svg className="kiosk-icon" viewBox="0 0 100 100" aria-hidden="true" width="150" height="150">
              <circle cx="50" cy="50" r="46" fill="#0b6e4f" />
              <path d="M29 52 L44 67 L72 37" fill="none" stroke="#fff" strokeWidth="9" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <h1 ref={heading} tabIndex={-1} className="kiosk-title" role="status">{t("kiosk.thanks")}</h1>
            <p className="kiosk-hint">{t("kiosk.thanksHint")}</p>
            {s.trackingCode ? (
              <p className="kiosk-hint kiosk-tracking" data-testid="kiosk-tracking">{k("trackingLead")} <strong>{s.trackingCode}</strong></p>
            ) : null}
            <button type="button" className="kiosk-secondary" onClick={reset}>{k("done")}</button>
            <p className="kiosk-countdown" aria-hidden="true">{k("resetIn", { s: thanksLeft })}</p>
          </section>
        ) : null}
      </main>

      {demo ? (
        <p className="kiosk-demo" role="note" title={k("demoTitle")}>{k("demo")}</p>
      ) : null}
    </div>
  );
}

function Progress({ i, n, label, done = false }: { i: number; n: number; label: string; done?: boolean }) {
  return (
    <div className="kiosk-progress">
      <p className="kiosk-progress-text">{label}</p>
      <div
        className="kiosk-bar"
        role="progressbar"
        aria-valuemin={1}
        aria-valuemax={n}
        aria-valuenow={i}
        aria-valuetext={label}
        aria-label={label}
      >
        {Array.from({ length: n }, (_, j) => (
          <span key={j} className={j < i - 1 || done ? "done" : j === i - 1 ? "current" : ""} />
        ))}
      </div>
    </div>
  );
}

/** What "read aloud" says: the question, then its answers (the faces, the options) in the screen's language. */
function readAloudText(q: KioskQuestion, text: string, textLang: Lang, lang: Lang): string {
  if (q.type === "likert5") return `${text}. ${SCALE.map((v) => `${v}: ${translate(textLang, `scale.${v}` as const)}`).join(". ")}.`;
  if (q.type === "yes_no" || q.type === "choice") return `${text}. ${answerOptions(q, lang).map((o, i) => `${i + 1}: ${o.label}`).join(". ")}.`;
  return `${text}. ${tk(lang, q.type === "number" ? "numberHint" : "textHint")}`;
}
