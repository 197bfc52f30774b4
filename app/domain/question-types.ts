import type { ScreenSpec } from "./screening";

/**
 * Question types: how each type is answered, stored and scored (pure; see
 * docs/decisions/0006-question-types.md).
 *
 * Stored answer (answer.value, an integer or null):
 *   likert5 — 1…5, null = "không áp dụng";
 *   yes_no  — 1 = có (yes), 0 = không (no), null = not answered;
 *   choice  — the 1-based index of the chosen option, null = not answered;
 *   number  — the integer itself (e.g. an informal payment in đồng), null = not answered;
 *   text    — null in `answer`; the text goes to `answer_text` (never scored, never rolled up).
 *
 * Score: a number in [0, 1] or null (not scored). Roll-up: likert5 keeps its 1…5/0 counts;
 * every other scored answer is counted in rollup_question_* under the value
 * SCORED_BASE + round(score × 1000), so a question's rate is the mean of its scores; unscored
 * answers are not rolled up.
 */
export const QUESTION_TYPES = ["likert5", "yes_no", "choice", "number", "text"] as const;
type QuestionType = (typeof QUESTION_TYPES)[number];

export const SCORED_BASE = 1000;

interface ChoiceOption {
  label: string;
  labelEn?: string | null;
  /** Score in [0, 1]; null = the option is not scored (e.g. "Không nhớ"). */
  score: number | null;
}

type NumberScoring = "none" | "zero_best" | "lower_better" | "higher_better";

/** Type-specific settings, stored as JSON in question.spec. */
export interface QuestionSpec {
  /** yes_no: scores of "có" and "không" (default 1 and 0); null = not scored. */
  yesScore?: number | null;
  noScore?: number | null;
  /** choice */
  options?: ChoiceOption[];
  /** number */
  min?: number;
  max?: number;
  unit?: string | null;
  unitEn?: string | null;
  scoring?: NumberScoring;
  /** The value at which lower_better reaches 0 / higher_better reaches 1. */
  scoreAt?: number | null;
  /** text */
  maxLength?: number;
  /** likert5 (issue 17): reasons offered after a rating of 1 or 2, as large buttons on the kiosk. */
  reasons?: Array<{ label: string; labelEn?: string | null }>;
  /** likert5 (issue 17): the question applies only to some people; a "Không áp dụng" answer (null) is offered. */
  notApplicable?: boolean;
  /** Any type (issue 17): asked only of citizens who answer "yes" to this screening question (app/domain/screening.ts). */
  screen?: ScreenSpec;
}

interface QuestionTypeInfo {
  label: string;
  labelEn: string;
  /** How the type rolls up: "share" = mean score per question and node; "none" = stored only. */
  rollup: "likert" | "share" | "none";
}

export const TYPE_INFO: Record<QuestionType, QuestionTypeInfo> = {
  likert5: { label: "Mức hài lòng 1–5", labelEn: "Satisfaction 1–5", rollup: "likert" },
  yes_no: { label: "Có / Không", labelEn: "Yes / No", rollup: "share" },
  choice: { label: "Chọn một phương án (có điểm)", labelEn: "Single choice (scored)", rollup: "share" },
  number: { label: "Số (ví dụ: số tiền)", labelEn: "Number (e.g. an amount)", rollup: "share" },
  text: { label: "Văn bản tự do (không tính điểm)", labelEn: "Free text (not scored)", rollup: "none" },
};

function isQuestionType(t: string): t is QuestionType {
  return (QUESTION_TYPES as readonly string[]).includes(t);
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** answer → score in [0, 1] or null, one pure function per type. */
const SCORERS: Record<QuestionType, (value: number | null, spec: QuestionSpec) => number | null> = {
  likert5: (v) => (v === null || v < 1 || v > 5 ? null : v >= 4 ? 1 : 0),
  yes_no: (v, s) => {
    if (v === 1) return s.yesScore === undefined ? 1 : s.yesScore;
    if (v === 0) return s.noScore === undefined ? 0 : s.noScore;
    return null;
  },
  choice: (v, s) => {
    if (v === null || !s.options) return null;
    const o = s.options[v - 1];
    return o ? o.score : null;
  },
  number: (v, s) => {
    if (v === null) return null;
    const scoring = s.scoring ?? "none";
    if (scoring === "none") return null;
    if (scoring === "zero_best") return v === 0 ? 1 : 0;
    const at = s.scoreAt ?? s.max ?? null;
    if (!at || at <= 0) return null;
    return scoring === "lower_better" ? clamp01(1 - v / at) : clamp01(v / at);
  },
  text: () => null,
};

export function scoreAnswer(type: string, value: number | null, spec: QuestionSpec = {}): number | null {
  return isQuestionType(type) ? SCORERS[type](value, spec) : null;
}

/** The rollup_question value one answer adds, or null when it is not rolled up. */
export function rollupValue(type: string, value: number | null, spec: QuestionSpec = {}): number | null {
  if (type === "likert5" || !isQuestionType(type)) return value ?? 0;
  const s = scoreAnswer(type, value, spec);
  return s === null ? null : SCORED_BASE + Math.round(s * 1000);
}

/** Reads a rollup_question value back: likert (1…5 satisfied at ≥4, 0 = not applicable) or a score. */
export function scoreOfRollupValue(value: number): { applicable: boolean; score: number } {
  if (value >= SCORED_BASE) return { applicable: true, score: (value - SCORED_BASE) / 1000 };
  if (value === 0) return { applicable: false, score: 0 };
  return { applicable: true, score: value >= 4 ? 1 : 0 };
}

/**
 * Checks one submitted answer against its question (Vietnamese message, or null when fine).
 * `raw` is what the client sent: a number, a string (text) or null.
 */
export function checkAnswer(type: string, raw: unknown, spec: QuestionSpec = {}): string | null {
  if (raw === null || raw === undefined) return null;
  switch (type) {
    case "likert5":
      return Number.isInteger(raw) && (raw as number) >= 1 && (raw as number) <= 5 ? null : "Câu trả lời phải là số nguyên từ 1 đến 5, hoặc null nếu không áp dụng.";
    case "yes_no":
      return raw === 0 || raw === 1 ? null : "Câu trả lời Có/Không phải là 1 (có) hoặc 0 (không).";
    case "choice": {
      const n = spec.options?.length ?? 0;
      return Number.isInteger(raw) && (raw as number) >= 1 && (raw as number) <= n ? null : `Phương án chọn phải là số thứ tự từ 1 đến ${n}.`;
    }
    case "number": {
      const min = spec.min ?? 0;
      const max = spec.max ?? 2_000_000_000;
      return Number.isInteger(raw) && (raw as number) >= min && (raw as number) <= max ? null : `Giá trị phải là số nguyên từ ${min} đến ${max}.`;
    }
    case "text": {
      const max = spec.maxLength ?? 2000;
      return typeof raw === "string" && raw.length <= max ? null : `Câu trả lời văn bản tối đa ${max} ký tự.`;
    }
    default:
      return `Loại câu hỏi "${type}" không được hỗ trợ.`;
  }
}

export function parseSpec(json: string | null | undefined): QuestionSpec {
  if (!json) return {};
  try {
    return JSON.parse(json) as QuestionSpec;
  } catch {
    return {};
  }
}

/** What a page needs to show one question of any type (labels already in the page's language). */
export interface FieldQuestion {
  code: string;
  no: number;
  text: string;
  type: string;
  options?: string[];
  unit?: string | null;
  min?: number;
  max?: number;
  maxLength?: number;
  /** The screening question this criterion follows (key and text in the page's language). */
  screen?: { key: string; text: string };
}

/** A stored question (type settings in `spec`) as the page shows it, in `lang` ("en" or "vi"). */
export function fieldQuestion(
  q: { code: string; text: string; text_en?: string | null; type: string; spec: QuestionSpec },
  no: number,
  lang: string,
): FieldQuestion {
  const en = lang === "en";
  const s = q.spec;
  const out: FieldQuestion = { code: q.code, no, text: (en ? q.text_en : null) ?? q.text, type: q.type };
  if (s.options) out.options = s.options.map((o) => (en ? o.labelEn : null) ?? o.label);
  if (s.unit) out.unit = (en ? s.unitEn : null) ?? s.unit;
  if (s.min !== undefined) out.min = s.min;
  if (s.max !== undefined) out.max = s.max;
  if (s.maxLength !== undefined) out.maxLength = s.maxLength;
  if (s.screen?.key) out.screen = { key: s.screen.key, text: (en ? s.screen.textEn : null) ?? s.screen.text };
  return out;
}
