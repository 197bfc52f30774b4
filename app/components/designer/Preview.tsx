import type { FieldQuestion } from "../../domain/question-types";
import { QuestionField } from "./QuestionField";

/**
 * How a version looks on a kiosk (1280×800) and on a phone (390×844): the real question fields
 * drawn at the device's size, scaled down into a frame (no iframe: the CSP forbids framing).
 */
export function Previews({ name, intro, questions }: { name: string; intro: string | null; questions: FieldQuestion[] }) {
  return (
    <div className="dz-previews">
      <figure className="dz-preview" data-testid="preview-kiosk">
        <figcaption>Trên kiosk (1280×800)</figcaption>
        <div className="dz-frame kiosk">
          <div className="dz-frame-inner survey" role="group" aria-label="Xem trước trên kiosk">
            <p className="dz-kiosk-title">{name}</p>
            {questions.map((q) => <QuestionField key={q.code} q={q} lang="vi" idPrefix="kiosk-" />)}
          </div>
        </div>
      </figure>
      <figure className="dz-preview" data-testid="preview-phone">
        <figcaption>Trên điện thoại (390×844)</figcaption>
        <div className="dz-frame phone">
          <div className="dz-frame-inner survey" role="group" aria-label="Xem trước trên điện thoại">
            <p className="survey-title"><strong>{name}</strong></p>
            {intro ? <p className="survey-intro">{intro}</p> : null}
            {questions.map((q) => <QuestionField key={q.code} q={q} lang="vi" idPrefix="phone-" />)}
          </div>
        </div>
      </figure>
    </div>
  );
}
