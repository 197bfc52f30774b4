import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";

import type { ActionFailure } from "../platform/forms.server";
import { ErrorSummary as Summary } from "./ErrorSummary";

/** What a staff action answers when it refuses input (runIntent in app/platform/forms.server.ts). */
export type { ActionFailure };

/** The action's refusal, when it is about this form (same intent and, for row forms, same target). */
export function useFailure(intent: string, target: string | null = null): ActionFailure | null {
  const data = useActionData() as ActionFailure | undefined;
  if (!data || data.ok !== false || data.intent !== intent) return null;
  if (target !== null && data.target !== target) return null;
  return data;
}

/** Any refusal of the action (shown once at the top of the page). */
export function useAnyFailure(): ActionFailure | null {
  const data = useActionData() as ActionFailure | undefined;
  return data && data.ok === false ? data : null;
}

export function useHydrated(): boolean {
  const [h, setH] = useState(false);
  useEffect(() => setH(true), []);
  return h;
}

/** True while this intent is being submitted. */
export function useBusy(intent: string): boolean {
  const nav = useNavigation();
  return nav.state === "submitting" && nav.formData?.get("intent") === intent;
}

/** A staff form's refusal at the top of the page (field errors show beside their fields). */
export function ErrorSummary({ failure }: { failure: ActionFailure | null }) {
  return failure ? <Summary id="admin-error" className="admin-error" intro={failure.message} /> : null;
}

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

interface FieldProps {
  form: string;
  name: string;
  label: string;
  failure: ActionFailure | null;
  defaultValue?: string | null;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
}

function describedBy(id: string, hint: unknown, error: unknown) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A field's id, its error after a refusal, the value to show again, and the control's ARIA. */
function fieldState(p: { form: string; name: string; failure: ActionFailure | null; defaultValue?: string | null; hint?: ReactNode }) {
  const id = `${p.form}-${p.name}`;
  const error = p.failure?.fields[p.name];
  const value = p.failure ? str(p.failure.values[p.name]) ?? "" : p.defaultValue ?? "";
  return { id, error, value, aria: { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(id, p.hint, error) } };
}

/** The frame of every labelled field: label (with * when required), hint, the control, its error. */
function Field({ id, label, hint, required, className, error, children }: { id: string; label: ReactNode; hint?: ReactNode; required?: boolean; className?: string; error?: string; children: ReactNode }) {
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="req" aria-hidden="true"> *</span> : null}
      </label>
      {hint ? <span id={`${id}-hint`} className="hint">{hint}</span> : null}
      {children}
      {error ? <span id={`${id}-error`} className="error-text">{error}</span> : null}
    </div>
  );
}

export function TextField({
  form, name, label, failure, defaultValue, hint, required, className, type = "text", autoComplete, maxLength, pattern, spellCheck, upper,
}: FieldProps & { type?: string; autoComplete?: string; maxLength?: number; pattern?: string; spellCheck?: boolean; upper?: boolean }) {
  const { id, error, value, aria } = fieldState({ form, name, failure, defaultValue, hint });
  return (
    <Field id={id} label={label} hint={hint} required={required} className={className} error={error}>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={type === "password" ? undefined : value}
        autoComplete={autoComplete}
        maxLength={maxLength}
        pattern={pattern}
        spellCheck={spellCheck}
        required={required}
        className={upper ? "upper" : undefined}
        {...aria}
      />
    </Field>
  );
}

interface Option {
  value: string;
  label: string;
}

export function SelectField({
  form, name, label, failure, defaultValue, hint, required, className, options, empty, onChange,
}: FieldProps & { options: Option[]; empty?: string; onChange?: (value: string) => void }) {
  const { id, error, value, aria } = fieldState({ form, name, failure, defaultValue, hint });
  return (
    <Field id={id} label={label} hint={hint} required={required} className={className} error={error}>
      <select
        id={id}
        name={name}
        defaultValue={value}
        required={required}
        onChange={onChange ? (e) => onChange(e.currentTarget.value) : undefined}
        {...aria}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </Field>
  );
}

/** A group of checkboxes (several values under one name), scrollable when long. */
export function CheckboxGroup({
  form, name, label, failure, options, checked = [], hint, scroll, filter,
}: {
  form: string;
  name: string;
  label: string;
  failure: ActionFailure | null;
  options: Array<Option & { group?: string }>;
  checked?: string[];
  hint?: ReactNode;
  scroll?: boolean;
  filter?: boolean;
}) {
  const id = `${form}-${name}`;
  const error = failure?.fields[name];
  const values = failure ? ([] as string[]).concat(failure.values[name] ?? []) : checked;
  const hydrated = useHydrated();
  const [q, setQ] = useState("");
  const needle = q.trim().toLowerCase();
  return (
    <fieldset className="field checkbox-group" aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined}>
      <legend>{label}</legend>
      {hint ? <span id={`${id}-hint`} className="hint">{hint}</span> : null}
      {filter && hydrated ? (
        <input
          type="search"
          className="checkbox-filter"
          placeholder="Lọc theo mã hoặc tên…"
          aria-label={`Lọc danh sách: ${label}`}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") e.preventDefault(); // filtering, not submitting
          }}
        />
      ) : null}
      <div className={scroll ? "checkbox-scroll" : "checkbox-list"}>
        {options.map((o, i) => {
          const hidden = needle !== "" && !`${o.value} ${o.label}`.toLowerCase().includes(needle);
          const heading = o.group !== undefined && o.group !== options[i - 1]?.group && !needle ? o.group : null;
          return (
            <div key={o.value} className="checkbox-item" hidden={hidden}>
              {heading ? <span className="checkbox-heading">{heading}</span> : null}
              <label>
                <input type="checkbox" name={name} value={o.value} defaultChecked={values.includes(o.value)} />
                <span>{o.label}</span>
              </label>
            </div>
          );
        })}
      </div>
      {error ? <span id={`${id}-error`} className="error-text">{error}</span> : null}
    </fieldset>
  );
}

/** A one-button form in a table row (deactivate / reactivate / revoke…), with a confirmation. */
export function RowAction({
  intent, fields, label, confirm, danger, ariaLabel,
}: {
  intent: string;
  fields: Record<string, string | number>;
  label: string;
  confirm?: string;
  danger?: boolean;
  ariaLabel?: string;
}) {
  return (
    <Form
      method="post"
      className="row-action"
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={String(v)} />
      ))}
      <button type="submit" className={`btn small ${danger ? "danger" : "secondary"}`} aria-label={ariaLabel}>{label}</button>
    </Form>
  );
}

export function ActiveBadge({ active, on = "Hoạt động", off = "Đã ngừng" }: { active: boolean; on?: string; off?: string }) {
  return <span className={`badge ${active ? "on" : "off"}`}>{active ? on : off}</span>;
}

export function DemoBadge() {
  return <span className="badge demo" title="Dữ liệu mẫu (demo), chỉ dùng để thử">Mẫu</span>;
}

/** The form's hidden intent and its submit button (the label changes while it is being sent). */
export function SubmitButton({ intent, label, busyLabel }: { intent: string; label: string; busyLabel?: string }) {
  const busy = useBusy(intent);
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <button className="btn" type="submit" disabled={busy}>
        {busy ? busyLabel ?? "Đang lưu…" : label}
      </button>
    </>
  );
}

/**
 * A file input with Vietnamese words: the browser's own button says "Choose File" in the
 * browser's language, so it is hidden behind a label that looks like a button (keyboard focus
 * stays on the real input and shows on the label).
 */
export function FileField({ id, name, label, accept, hint }: { id: string; name: string; label: string; accept?: string; hint?: string }) {
  const [fileName, setFileName] = useState<string | null>(null);
  return (
    <div className="field file-field">
      <span className="file-field-label" id={`${id}-label`}>{label}</span>
      {hint ? <span className="hint" id={`${id}-hint`}>{hint}</span> : null}
      <span className="file-field-row">
        <input
          id={id} name={name} type="file" accept={accept} className="file-field-input"
          aria-labelledby={`${id}-label`} aria-describedby={hint ? `${id}-hint` : undefined}
          onChange={(e) => setFileName(e.currentTarget.files?.[0]?.name ?? null)}
        />
        <label htmlFor={id} className="btn secondary file-field-button">Chọn tệp…</label>
        <span className="file-field-name" aria-live="polite">{fileName ?? "Chưa chọn tệp nào"}</span>
      </span>
    </div>
  );
}

/** A labelled textarea; after a refusal it shows what was typed and the field's error. */
export function TextArea({
  form, name, label, failure, defaultValue, hint, required, rows = 5, maxLength, className,
}: {
  form: string;
  name: string;
  label: ReactNode;
  failure: ActionFailure | null;
  defaultValue?: string | null;
  hint?: ReactNode;
  required?: boolean;
  rows?: number;
  maxLength?: number;
  className?: string;
}) {
  const { id, error, value, aria } = fieldState({ form, name, failure, defaultValue, hint });
  return (
    <Field id={id} label={label} hint={hint} required={required} className={className} error={error}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={value}
        maxLength={maxLength}
        required={required}
        {...aria}
      />
    </Field>
  );
}

/** A single checkbox with its label on the right. */
export function CheckField({ form, name, label, failure, defaultChecked, hint }: { form: string; name: string; label: ReactNode; failure: ActionFailure | null; defaultChecked?: boolean; hint?: ReactNode }) {
  const id = `${form}-${name}`;
  const checked = failure ? !!str(failure.values[name]) : !!defaultChecked;
  return (
    <div className="field fb-check">
      <label htmlFor={id}>
        <input id={id} type="checkbox" name={name} value="on" defaultChecked={checked} aria-describedby={hint ? `${id}-hint` : undefined} />
        <span>{label}</span>
      </label>
      {hint ? <span id={`${id}-hint`} className="hint">{hint}</span> : null}
    </div>
  );
}

/**
 * The refusal of this form, inside it (a stale submit says "Mục này vừa được người khác cập
 * nhật…"); the typed text stays in the fields below.
 */
export function FormMessage({ failure }: { failure: ActionFailure | null }) {
  if (!failure) return null;
  const stale = (failure as ActionFailure & { code?: string }).code === "conflict" || /vừa được người khác cập nhật/.test(failure.message);
  return (
    <div className={`fb-form-error ${stale ? "stale" : ""}`} role="alert">
      <p>{failure.message}</p>
      {stale ? <p className="muted">Trang đã hiển thị nội dung mới nhất. Nội dung bạn vừa nhập vẫn được giữ nguyên bên dưới: hãy xem lại rồi gửi lại.</p> : null}
    </div>
  );
}
