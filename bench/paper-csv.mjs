// The bench's paper-forms CSV: `rows` respondents on `points` (three desks), Jan–Nov 2026, the 22
// answers of questionnaire "sipas" (1–5, every ninth "NA"). Used by scripts/bench.mjs and
// bench/import-cost.ts, so both measure the same file.
export const PAPER_CODES = ["access.1", "access.2", "access.3", "access.4", "procedures.1", "procedures.2", "procedures.3", "procedures.4", "procedures.5",
  "servants.1", "servants.2", "servants.3", "servants.4", "servants.5", "servants.6", "results.1", "results.2", "results.3",
  "feedback.1", "feedback.2", "feedback.3", "feedback.4"];

export function paperCsv(rows, points, prefix = "BENCH") {
  const lines = [["respondent_id", "service_point", "submitted_at", "procedure_field", ...PAPER_CODES].join(",")];
  for (let i = 0; i < rows; i++) {
    const m = String(1 + (i % 11)).padStart(2, "0");
    const d = String(1 + (i % 28)).padStart(2, "0");
    lines.push([`${prefix}-${i}`, points[i % points.length], `2026-${m}-${d}`, "", ...PAPER_CODES.map((_, k) => ((i + k) % 9 === 0 ? "NA" : String(1 + ((i * 7 + k) % 5))))].join(","));
  }
  return lines.join("\n") + "\n";
}
