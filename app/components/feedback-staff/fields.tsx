import type { ReactNode } from "react";
import type { ActionFailure } from "../admin/forms";

export { ErrorSummary, SelectField, TextField, useAnyFailure, useBusy, useFailure, type ActionFailure } from "../admin/forms";

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function describedBy(id: string, hint: unknown, error: unknown) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
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
  const id = `${form}-${name}`;
  const error = failure?.fields[name];
  const value = failure ? str(failure.values[name]) ?? "" : defaultValue ?? "";
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="req" aria-hidden="true"> *</span> : null}
      </label>
      {hint ? <span id={`${id}-hint`} className="hint">{hint}</span> : null}
      <textarea
        id={id}
        name={name}
        rows={rows}
        defaultValue={value}
        maxLength={maxLength}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      {error ? <span id={`${id}-error`} className="error-text">{error}</span> : null}
    </div>
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
