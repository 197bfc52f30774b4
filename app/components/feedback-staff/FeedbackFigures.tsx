import { formatNumber, formatPercent, type Lang } from "../../i18n/format";
import type { FeedbackFiguresData } from "../../services/feedback/leader-figures.server";
import { viDay } from "../../domain/days";

const T = {
  vi: {
    title: "Xử lý phản ánh, kiến nghị",
    received: "Đã tiếp nhận",
    answered: "Đã trả lời",
    onTime: "Trả lời đúng hạn",
    median: "Thời gian xử lý (trung vị)",
    backlog: "Đang tồn",
    overdue: "Quá hạn",
    ratings: "Phản hồi sau xử lý",
    wd: "ngày làm việc",
    agency: "Cơ quan",
    rate: "Tỷ lệ đúng hạn",
    ofAnswered: "trên số đã trả lời",
    none: "Chưa có phản ánh nào trong năm này.",
    ratedLine: (n: string, share: string) => `${n} lượt đánh giá của người gửi; ${share} hài lòng (4–5 điểm).`,
    noRatings: "Chưa có người gửi nào đánh giá việc xử lý.",
    caption: (year: number, asOf: string) => `Phản ánh nhận trong năm ${year}; tồn và quá hạn tính đến ${asOf}. Cơ quan có tỷ lệ đúng hạn thấp nhất ở trên cùng.`,
  },
  en: {
    title: "Handling of feedback",
    received: "Received",
    answered: "Answered",
    onTime: "Answered on time",
    median: "Handling time (median)",
    backlog: "Open",
    overdue: "Overdue",
    ratings: "Post-handling feedback",
    wd: "working days",
    agency: "Agency",
    rate: "On-time rate",
    ofAnswered: "of answered",
    none: "No feedback received this year.",
    ratedLine: (n: string, share: string) => `${n} sender ratings; ${share} satisfied (4–5).`,
    noRatings: "No sender has rated the handling yet.",
    caption: (year: number, asOf: string) => `Feedback received in ${year}; open and overdue as of ${asOf}. Weakest on-time rate first.`,
  },
};


/**
 * Figures for leaders (to be mounted on /dashboard): headline numbers and a per-agency table,
 * weakest first, from feedbackFigures() in services/feedback/leader-figures.server.ts. vi-VN number formats.
 */
export function FeedbackFigures({ data, lang = "vi", headingLevel = 2 }: { data: FeedbackFiguresData; lang?: Lang; headingLevel?: 2 | 3 }) {
  const t = lang === "en" ? T.en : T.vi;
  const H = headingLevel === 2 ? "h2" : "h3";
  const n = (v: number | null) => formatNumber(v, lang);
  const days = (v: number | null) => (v === null ? "—" : `${formatNumber(v, lang, Number.isInteger(v) ? 0 : 1)} ${t.wd}`);
  const tot = data.totals;
  return (
    <section className="fb-figures" aria-labelledby="fb-figures-title" data-testid="feedback-figures">
      <H id="fb-figures-title">{t.title}</H>
      <ul className="fb-figures-head">
        <li><span className="k">{t.received}</span><span className="v">{n(tot.received)}</span></li>
        <li><span className="k">{t.answered}</span><span className="v">{n(tot.answered)}</span></li>
        <li className={tot.onTimeRate !== null && tot.onTimeRate < 0.8 ? "warn" : ""}>
          <span className="k">{t.onTime}</span>
          <span className="v">{formatPercent(tot.onTimeRate, lang, 1)}</span>
          <span className="s">{n(tot.answeredOnTime)}/{n(tot.answered)} {t.ofAnswered}</span>
        </li>
        <li><span className="k">{t.median}</span><span className="v">{tot.medianWorkingDays === null ? "—" : formatNumber(tot.medianWorkingDays, lang, Number.isInteger(tot.medianWorkingDays) ? 0 : 1)}</span><span className="s">{t.wd}</span></li>
        <li><span className="k">{t.backlog}</span><span className="v">{n(tot.backlog)}</span></li>
        <li className={tot.overdue > 0 ? "bad" : ""}><span className="k">{t.overdue}</span><span className="v">{n(tot.overdue)}</span></li>
      </ul>
      <p className="fb-figures-ratings">
        <strong>{t.ratings}:</strong>{" "}
        {data.ratings.count ? t.ratedLine(n(data.ratings.count), formatPercent(data.ratings.satisfiedShare, lang, 1)) : t.noRatings}
      </p>
      {data.agencies.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <div className="fb-table-wrap">
          <table className="data fb-figures-table">
            <caption className="sr-only">{t.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t.agency}</th>
                <th scope="col" className="num">{t.received}</th>
                <th scope="col" className="num">{t.answered}</th>
                <th scope="col" className="num">{t.onTime}</th>
                <th scope="col" className="num">{t.rate}</th>
                <th scope="col" className="num">{t.median}</th>
                <th scope="col" className="num">{t.backlog}</th>
                <th scope="col" className="num">{t.overdue}</th>
              </tr>
            </thead>
            <tbody>
              {data.agencies.map((a) => (
                <tr key={a.agencyCode ?? "queue"} data-agency={a.agencyCode ?? ""}>
                  <th scope="row">{a.agencyName}</th>
                  <td className="num" data-label={t.received}>{n(a.received)}</td>
                  <td className="num" data-label={t.answered}>{n(a.answered)}</td>
                  <td className="num" data-label={t.onTime}>{n(a.answeredOnTime)}</td>
                  <td className={`num ${a.onTimeRate !== null && a.onTimeRate < 0.8 ? "warn" : ""}`} data-label={t.rate}>{formatPercent(a.onTimeRate, lang, 1)}</td>
                  <td className="num" data-label={t.median}>{days(a.medianWorkingDays)}</td>
                  <td className="num" data-label={t.backlog}>{n(a.backlog)}</td>
                  <td className={`num ${a.overdue > 0 ? "bad" : ""}`} data-label={t.overdue}>{n(a.overdue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.agencies.length ? <p className="muted fb-figures-note">{t.caption(data.year, viDay(data.asOf))}</p> : null}
    </section>
  );
}
