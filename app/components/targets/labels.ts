import { formatNumber, formatPercent } from "../../i18n/format";
import type { Projection } from "../../domain/projection";
import { MIN_SAMPLE } from "../../domain/figure";
import { verdictLabel, verdictNote, type Verdict } from "../../domain/verdict";

export const KIND_LABEL: Record<string, string> = {
  absolute: "Mức tuyệt đối (đạt ≥ x%)",
  delta_pp: "Tăng x điểm % so với cơ sở",
  delta_rel: "Tăng x% (tương đối) so với cơ sở",
  improve: "Cải thiện so với cơ sở (cao hơn)",
};

export const BASELINE_LABEL: Record<string, string> = {
  stated: "Nêu trong kế hoạch",
  measured: "Đo được năm trước (tự tính)",
};

const n = (v: number | null) => formatNumber(v, "vi");

/**
 * The verdict and, for an open year, the projection in one sentence a leader can act on. Every
 * number in it comes from the figure and its projection (tested in test/unit/target-labels.test.ts).
 */
export function projectionText(p: Projection, year: number, v: Verdict, value: number | null): { title: string; detail: string | null } {
  const end = `31/12/${year}`;
  const rate = p.ratePerDay === null ? null : formatNumber(p.ratePerDay, "vi", p.ratePerDay < 10 ? 1 : 0);
  const pct = (x: number | null) => formatPercent(x, "vi");
  switch (p.outlook) {
    case "no_data":
      return { title: "Chưa có dữ liệu", detail: p.yearState === "future" ? `Năm ${year} chưa bắt đầu.` : `Chưa có phiếu nào trong năm ${year}. Hãy kiểm tra ki-ốt và kênh khảo sát.` };
    case "no_target":
      return { title: "Chưa tính được mức chỉ tiêu", detail: `Thiếu mức cơ sở: chưa có số liệu năm ${year - 1}. Hãy nhập mức cơ sở nêu trong kế hoạch.` };
    case "closed": {
      if (v.status === "insufficient") {
        return { title: verdictLabel(v), detail: `Năm ${year} đã kết thúc với ${n(v.n)} phiếu, dưới mức tối thiểu ${n(MIN_SAMPLE)} phiếu: không đánh giá đạt hay không đạt.` };
      }
      const note = verdictNote(v);
      const compare = v.status === "met" ? "đạt" : "chưa đạt";
      return {
        title: verdictLabel(v),
        detail: `Năm ${year} đã kết thúc: kết quả đo được ${pct(value)} ${compare} mức chỉ tiêu ${pct(v.threshold)}.${note ? ` Khoảng tin cậy 95% chứa mức chỉ tiêu, nên kết luận ${note}.` : ""}`,
      };
    }
    case "insufficient":
      return { title: verdictLabel(v), detail: `Mới có ${n(v.n)} phiếu; cần ít nhất ${n(p.needed)} phiếu (thêm ${n(p.more)}) mới đánh giá.` };
    case "on_track":
      return { title: "Đang đạt", detail: "Cả khoảng tin cậy 95% đã ở trên mức chỉ tiêu; nếu tỷ lệ giữ nguyên đến cuối năm, năm sẽ đạt." };
    case "off_track":
      return { title: "Đang không đạt", detail: "Cả khoảng tin cậy 95% ở dưới mức chỉ tiêu: cần cải thiện chất lượng phục vụ, thêm phiếu không đổi được kết luận." };
    case "likely_met":
    case "likely_missed": {
      const what = p.outlook === "likely_met" ? "khẳng định đạt" : "khẳng định không đạt";
      return {
        title: p.outlook === "likely_met" ? "Chưa kết luận được — dự báo: sẽ đạt" : "Chưa kết luận được — dự báo: sẽ không đạt",
        detail: `Cần khoảng ${n(p.needed)} phiếu để ${what} (thêm ${n(p.more)}). Với ${rate ?? "—"} phiếu/ngày như hiện nay, đến ${end} sẽ có khoảng ${n(p.projected)} phiếu.`,
      };
    }
    case "undecided":
      if (p.needed === null) return { title: "Chưa kết luận được", detail: "Kết quả đúng bằng mức chỉ tiêu: thêm phiếu cũng không đủ để kết luận." };
      return {
        title: "Chưa kết luận được",
        detail: `Cần khoảng ${n(p.needed)} phiếu (thêm ${n(p.more)}); với ${rate ?? "—"} phiếu/ngày, đến ${end} chỉ có khoảng ${n(p.projected)}. Hãy mời thêm người dân đánh giá.`,
      };
  }
}
