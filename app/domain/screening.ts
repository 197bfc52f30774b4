/**
 * Screening questions (issue 17): some criteria apply only to citizens who answer "yes" to a
 * screening question, e.g. the feedback-handling criteria follow "Ông/Bà đã từng gửi phản ánh,
 * kiến nghị chưa?". Which criteria a screening question gates comes from the questions' data
 * (`spec.screen`), never from question numbers. A "no" stores every gated criterion as
 * "không áp dụng" (null), which is not counted in any rate.
 */

/** In a question's spec: the screening question this criterion follows. */
export interface ScreenSpec {
  /** Groups the criteria behind one screening question (e.g. "feedback-sent"). */
  key: string;
  text: string;
  textEn?: string | null;
}

export interface Screen {
  key: string;
  text: string;
  textEn: string | null;
  /** The gated criteria, in questionnaire order. */
  codes: string[];
}

/** The screening questions of a questionnaire, in the order of their first gated criterion. */
export function screensOf(questions: ReadonlyArray<{ code: string; type?: string; spec: { screen?: ScreenSpec | null } }>): Screen[] {
  const out: Screen[] = [];
  for (const q of questions) {
    const s = q.spec.screen;
    if (!s || typeof s.key !== "string" || !s.key || typeof s.text !== "string") continue;
    const found = out.find((x) => x.key === s.key);
    if (found) found.codes.push(q.code);
    else out.push({ key: s.key, text: s.text, textEn: s.textEn ?? null, codes: [q.code] });
  }
  return out;
}

/**
 * Applies the screening answers: for a screen answered "no" (false) every gated criterion becomes
 * "không áp dụng" (null), whatever was sent for it. "yes" or no answer leaves the answers as they are.
 */
export function applyScreens<V>(answers: Readonly<Record<string, V>>, screens: readonly Screen[], said: Readonly<Record<string, boolean | undefined>>): Record<string, V | null> {
  const out: Record<string, V | null> = { ...answers };
  for (const s of screens) {
    if (said[s.key] !== false) continue;
    for (const c of s.codes) out[c] = null;
  }
  return out;
}

/** The criteria a citizen is not asked because of a "no" to their screening question. */
export function skippedCodes(screens: readonly Screen[], said: Readonly<Record<string, boolean | undefined>>): Set<string> {
  return new Set(screens.filter((s) => said[s.key] === false).flatMap((s) => s.codes));
}
