import { formatNumber } from "../../i18n/format";
import type { Projection } from "../../domain/projection";

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

/** The projection in one sentence a leader can act on. */
export function projectionText(p: Projection, year: number): { title: string; detail: string | null } {
  const end = `31/12/${year}`;
  const rate = p.ratePerDay === null ? null : formatNumber(p.ratePerDay, "vi", p.ratePerDay < 10 ? 1 : 0);
  const past = p.yearState === "past";
  switch (p.verdict) {
    case "no_data":
      return { title: "Chưa thể dự báo", detail: p.yearState === "future" ? `Năm ${year} chưa bắt đầu.` : `Chưa có phiếu nào trong năm ${year}. Hãy kiểm tra ki-ốt và kênh khảo sát.` };
    case "no_target":
      return { title: "Chưa tính được mức chỉ tiêu", detail: `Thiếu mức cơ sở: chưa có số liệu năm ${year - 1}. Hãy nhập mức cơ sở nêu trong kế hoạch.` };
    case "met":
      return { title: "Đã đạt", detail: "Cả khoảng tin cậy 95% đã ở trên mức chỉ tiêu; nếu tỷ lệ giữ nguyên, kết luận không đổi." };
    case "missed":
      return { title: past ? "Không đạt" : "Đang dưới chỉ tiêu", detail: "Cả khoảng tin cậy 95% ở dưới mức chỉ tiêu: cần cải thiện chất lượng phục vụ, thêm phiếu không đổi được kết luận." };
    case "likely_met":
    case "likely_missed": {
      const what = p.verdict === "likely_met" ? "khẳng định đạt" : "khẳng định không đạt";
      return {
        title: p.verdict === "likely_met" ? "Dự báo: sẽ đạt" : "Dự báo: sẽ không đạt",
        detail: `Cần khoảng ${n(p.needed)} phiếu để ${what} (thêm ${n(p.more)}). Với ${rate ?? "—"} phiếu/ngày như hiện nay, đến ${end} sẽ có khoảng ${n(p.projected)} phiếu.`,
      };
    }
    case "undecided":
      if (p.needed === null) return { title: "Chưa kết luận được", detail: "Kết quả đúng bằng mức chỉ tiêu: thêm phiếu cũng không đủ để kết luận." };
      return past
        ? { title: "Năm đã kết thúc, chưa kết luận được", detail: `Có ${n(p.projected)} phiếu; cần khoảng ${n(p.needed)} phiếu để kết luận.` }
        : {
            title: "Chưa đủ phiếu để kết luận",
            detail: `Cần khoảng ${n(p.needed)} phiếu (thêm ${n(p.more)}); với ${rate ?? "—"} phiếu/ngày, đến ${end} chỉ có khoảng ${n(p.projected)}. Hãy mời thêm người dân đánh giá.`,
          };
  }
}
