import { useEffect, useState } from "react";

/**
 * A half-filled online survey kept in the browser (localStorage): restored when the citizen comes
 * back (a reload, a closed tab, a lost connection), cleared once the answers are stored. The
 * idempotency key travels with the draft, so a form re-sent after an unseen success is stored once.
 */
export const draftKey = (slug: string, point: string | null | undefined, dossier?: string | null) =>
  `hailong.survey.draft.v1:${slug}:${point ?? ""}${dossier ? `:${dossier}` : ""}`;

type Draft = Record<string, string>;

function fieldsOf(form: HTMLFormElement) {
  return Array.from(form.elements).filter(
    (el): el is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement =>
      (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) && !!el.name,
  );
}

/** Kept: what the citizen chose or typed, the idempotency key and the screen (step) reached; never other hidden fields. */
const kept = (el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement) =>
  !(el instanceof HTMLInputElement && el.type === "hidden" && el.name !== "idempotencyKey" && el.name !== "step") && !(el as HTMLInputElement).readOnly && !el.disabled;

function save(form: HTMLFormElement, key: string) {
  const d: Draft = {};
  let answered = false;
  for (const el of fieldsOf(form)) {
    if (!kept(el)) continue;
    if (el instanceof HTMLInputElement && (el.type === "radio" || el.type === "checkbox")) {
      if (el.checked) {
        d[el.name] = el.value;
        answered = true;
      }
    } else if (el.value) {
      d[el.name] = el.value;
      if (el.name !== "idempotencyKey" && el.name !== "step") answered = true;
    }
  }
  try {
    if (answered) window.localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), d }));
    else window.localStorage.removeItem(key);
  } catch {
    /* private mode or full storage: the form still works */
  }
}

function restore(form: HTMLFormElement, key: string): Draft | null {
  let draft: Draft | null = null;
  try {
    draft = (JSON.parse(window.localStorage.getItem(key) ?? "null") as { d?: Draft } | null)?.d ?? null;
  } catch {
    draft = null;
  }
  if (!draft) return null;
  let any = false;
  for (const el of fieldsOf(form)) {
    if (!kept(el) || !(el.name in draft)) continue;
    const v = draft[el.name];
    if (el instanceof HTMLInputElement && (el.type === "radio" || el.type === "checkbox")) {
      el.checked = el.value === v;
      if (el.checked) any = true;
    } else {
      el.value = v;
      if (el.name !== "idempotencyKey" && el.name !== "step") any = true;
    }
  }
  return any ? draft : null;
}

/** Saves the form now (e.g. after a move to another screen, which fires no change event). */
export function saveDraft(formId: string, key: string): void {
  const form = document.getElementById(formId);
  if (form instanceof HTMLFormElement) save(form, key);
}

/** Restores (on a fresh page, not after a server answer) and saves on every change. Returns the restored draft, if any. */
export function useSurveyDraft(formId: string, key: string, fresh: boolean): Draft | null {
  const [restored, setRestored] = useState<Draft | null>(null);
  useEffect(() => {
    const form = document.getElementById(formId);
    if (!(form instanceof HTMLFormElement)) return;
    const d = fresh ? restore(form, key) : null;
    if (d) setRestored(d);
    const onChange = () => save(form, key);
    form.addEventListener("change", onChange);
    form.addEventListener("input", onChange);
    return () => {
      form.removeEventListener("change", onChange);
      form.removeEventListener("input", onChange);
    };
  }, [formId, key, fresh]);
  return restored;
}

/** On the thank-you page: the answers are stored, the draft goes. */
function useClearDraft(prefix: string) {
  useEffect(() => {
    try {
      for (let i = window.localStorage.length - 1; i >= 0; i--) {
        const k = window.localStorage.key(i);
        if (k && k.startsWith(prefix)) window.localStorage.removeItem(k);
      }
    } catch {
      /* nothing to clear */
    }
  }, [prefix]);
}

/** Renders nothing: clears the drafts of one survey (every service point) once mounted. */
export function ClearDraft({ slug }: { slug: string }): null {
  useClearDraft(`hailong.survey.draft.v1:${slug}:`);
  return null;
}
