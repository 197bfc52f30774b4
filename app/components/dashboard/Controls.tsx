import { Form } from "@remix-run/react";
import type { Lang } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import { channelLabel } from "./format";
import { CHANNEL_OPTIONS } from "../../domain/channels";

interface ControlsProps {
  lang: Lang;
  years: number[];
  units: { code: string; name: string; nameEn: string | null; level: string }[];
  value: { year: string; channel: string; unit: string; tree?: string };
  errors?: Record<string, string>;
  /** Where the form leads (a desk's or an agency's page); the scope select shows only on /dashboard. */
  action?: string;
  /** The focused index node, kept when the year or channel changes. */
  node?: string | null;
}

/** The GET form (works without JavaScript): year, channel, scope. */
export function Controls({ lang, years, units, value, errors = {}, action = "/dashboard", node = null }: ControlsProps) {
  const yearOptions = years.map(String);
  const yearKnown = yearOptions.includes(value.year);
  const channelKnown = (CHANNEL_OPTIONS as readonly string[]).includes(value.channel);
  return (
    <Form method="get" action={action} className="card dash-controls" aria-label={td(lang, "form.legend")}>
      {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
      {node ? <input type="hidden" name="node" value={node} /> : null}
      <div className="dash-field year">
        <label htmlFor="dash-year">{td(lang, "form.year")}</label>
        <select id="dash-year" name="year" defaultValue={yearKnown ? value.year : yearOptions[0]} aria-invalid={errors.year ? true : undefined} aria-describedby={errors.year ? "dash-error-message" : undefined}>
          {yearOptions.map((y) => (
            <option key={y} value={y}>{y}</option>
          ))}
        </select>
      </div>
      <div className="dash-field channel">
        <label htmlFor="dash-channel">{td(lang, "form.channel")}</label>
        <select id="dash-channel" name="channel" defaultValue={channelKnown ? value.channel : "all"} aria-invalid={errors.channel ? true : undefined} aria-describedby={errors.channel ? "dash-error-message" : undefined}>
          {CHANNEL_OPTIONS.map((c) => (
            <option key={c} value={c}>{channelLabel(lang, c)}</option>
          ))}
        </select>
      </div>
      {units.length === 0 ? null : <div className="dash-field wide">
        <label htmlFor="dash-unit">{td(lang, "form.unit")}</label>
        <select id="dash-unit" name="unit" defaultValue={units.some((u) => u.code === value.unit) ? value.unit : units[0]?.code ?? ""} aria-invalid={errors.unit ? true : undefined} aria-describedby={errors.unit ? "dash-error-message" : undefined}>
          {units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.level === "province" ? "" : "— "}
              {lang === "en" && u.nameEn ? u.nameEn : u.name}
            </option>
          ))}
        </select>
      </div>}
      {action === "/dashboard" && units.length > 0 ? <div className="dash-field tree">
        <label htmlFor="dash-tree">{td(lang, "form.tree")}</label>
        <select id="dash-tree" name="tree" defaultValue={value.tree === "current" ? "current" : "then"} aria-invalid={errors.tree ? true : undefined} aria-describedby={errors.tree ? "dash-error-message" : undefined}>
          <option value="then">{td(lang, "form.tree.then")}</option>
          <option value="current">{td(lang, "form.tree.current")}</option>
        </select>
      </div> : null}
      <div className="dash-field submit">
        <button type="submit" className="btn">{td(lang, "form.submit")}</button>
      </div>
    </Form>
  );
}
