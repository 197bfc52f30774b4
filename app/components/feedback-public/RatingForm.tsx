import { Form, useNavigation } from "@remix-run/react";
import type { Lang } from "../../i18n/format";
import { ft } from "../../i18n/feedback";
import { translate, type MessageKey } from "../../i18n/messages";

/** Five buttons, 1 (Rất không hài lòng) … 5 (Rất hài lòng): a plain form post, works without JS. */
export function RatingForm({ lang, error }: { lang: Lang; error?: string | null }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <section className="fb-card fb-rate" aria-labelledby="rate-title">
      <h2 id="rate-title">{ft(lang, "rateTitle")}</h2>
      <p className="fb-note" id="rate-hint">{ft(lang, "rateHint")}</p>
      {error ? <p className="error-text" role="alert">{error}</p> : null}
      <Form method="post" className="fb-rate-form" aria-describedby="rate-hint">
        <input type="hidden" name="lang" value={lang} />
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="submit" name="rating" value={n} className={`fb-rate-btn r${n}`} disabled={busy}>
            <span className="fb-rate-num">{n}</span>
            <span className="fb-rate-text">{translate(lang, `scale.${n}` as MessageKey)}</span>
          </button>
        ))}
      </Form>
    </section>
  );
}
