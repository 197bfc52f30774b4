import { channelLabel } from "../dashboard/format";
import { CHANNEL_OPTIONS } from "../../domain/channels";

const PERIOD_OPTIONS: Array<{ value: string; label: string }> = [
  { value: "year", label: "Cả năm" },
  ...["I", "II", "III", "IV"].map((r, i) => ({ value: `Q${i + 1}`, label: `Quý ${r}` })),
  ...Array.from({ length: 12 }, (_, i) => ({ value: `M${String(i + 1).padStart(2, "0")}`, label: `Tháng ${i + 1}` })),
];

/** A labelled select with its error under it (GET forms, no JavaScript needed). */
export function Select({ id, name, label, value, options, error, groups }: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string; group?: string }>;
  error?: string;
  /** Optional group labels (optgroup) by option group. */
  groups?: Record<string, string>;
}) {
  const body = groups
    ? Object.entries(groups).map(([g, title]) => {
      const opts = options.filter((o) => o.group === g);
      return opts.length ? (
        <optgroup key={g} label={title}>
          {opts.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </optgroup>
      ) : null;
    })
    : options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {body}
      </select>
      {error ? <span id={`${id}-error`} className="error-text">{error}</span> : null}
    </div>
  );
}

/** Year, period and channel of an export or a report. */
export function PeriodFields({ idPrefix, years, value, errors = {}, periods = PERIOD_OPTIONS, channel = true }: {
  idPrefix: string;
  years: number[];
  value: { year: string; period: string; channel?: string };
  errors?: Record<string, string>;
  periods?: Array<{ value: string; label: string }>;
  channel?: boolean;
}) {
  return (
    <>
      <Select id={`${idPrefix}-year`} name="year" label="Năm" value={value.year} options={years.map((y) => ({ value: String(y), label: String(y) }))} error={errors.year} />
      <Select id={`${idPrefix}-period`} name={periods === PERIOD_OPTIONS ? "period" : "quarter"} label={periods === PERIOD_OPTIONS ? "Kỳ" : "Quý"} value={value.period} options={periods} error={errors.period ?? errors.quarter} />
      {channel ? (
        <Select id={`${idPrefix}-channel`} name="channel" label="Kênh khảo sát" value={value.channel ?? "all"} options={CHANNEL_OPTIONS.map((c) => ({ value: c, label: channelLabel("vi", c) }))} error={errors.channel} />
      ) : null}
    </>
  );
}
