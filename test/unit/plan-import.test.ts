import { describe, expect, it } from "vitest";
import { readPlanFile } from "../../app/domain/plan-import";

const head = [["Tên kế hoạch", "Kế hoạch nâng cao Chỉ số PAPI năm 2027"], ["Chỉ số", "PAPI"], ["Năm", "2027"], []];

describe("a whole plan in the seeds' column shapes", () => {
  it("reads seed 000's shape: arabic dimension rows, dotted task numbers, blank merged cells kept blank", () => {
    const r = readPlanFile([
      ...head,
      ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị thực hiện", "Sản phẩm/Kết quả công việc", "Thời gian hoàn thành"],
      ["1", "Tham gia của người dân ở cấp cơ sở", "", "", "", ""],
      ["1.1", "Thực hiện tuyên truyền trên Báo Đắk Lắk", "Sở Thông tin và Truyền thông", "- UBND cấp huyện; - UBND cấp xã.", "Tin, bài", "Thường xuyên"],
      ["1.2", "Hướng dẫn, đôn đốc, kiểm tra, giám sát việc bầu trưởng thôn", "", "", "", ""],
      ["2", "Công khai, minh bạch", "", "", "", ""],
      ["2.1", "Công khai bảng giá đất", "Sở Tài nguyên và Môi trường", "", "", "Quý IV/2027"],
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.header).toEqual({ title: "Kế hoạch nâng cao Chỉ số PAPI năm 2027", index: "PAPI", year: 2027, yearTo: null, docNumber: null, issuedBy: null });
    expect(r.plan.dimensions).toEqual([{ code: "1", name: "Tham gia của người dân ở cấp cơ sở" }, { code: "2", name: "Công khai, minh bạch" }]);
    expect(r.plan.tasks.map((t) => [t.code, t.dimension, t.lead, t.deliverable, t.schedule])).toEqual([
      ["1.1", "1", "Sở Thông tin và Truyền thông", "Tin, bài", "Thường xuyên"],
      ["1.2", "1", "", null, ""],
      ["2.1", "2", "Sở Tài nguyên và Môi trường", null, "Quý IV/2027"],
    ]);
  });

  it("refuses the whole file with each row's problem: an empty task, a task before any dimension, a bad header", () => {
    const r = readPlanFile([
      ["Tên kế hoạch", ""], ["Chỉ số", "ABC"], ["Năm", "hai nghìn"], ["Ghi chú", "x"],
      ["STT", "Nhiệm vụ", "Đơn vị chủ trì"],
      ["1.1", "Nhiệm vụ trước lĩnh vực", "Sở Nội vụ"],
      ["I", "Lĩnh vực một", ""],
      ["1", "", "Sở Nội vụ"],
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const msgs = r.errors.map((e) => `${e.row}: ${e.message}`);
    expect(msgs).toContain("1: Thiếu dòng “Tên kế hoạch”.");
    expect(msgs).toContain("1: Dòng “Chỉ số” phải là PAPI, PAR hoặc SIPAS.");
    expect(msgs).toContain("1: Dòng “Năm” phải là năm, ví dụ 2027.");
    expect(msgs.some((m) => m.startsWith("4: Không hiểu dòng đầu \"Ghi chú\""))).toBe(true);
    expect(msgs.some((m) => m.startsWith("6: Dòng nhiệm vụ trước dòng lĩnh vực đầu tiên"))).toBe(true);
    expect(msgs).toContain("8: Thiếu nội dung nhiệm vụ.");
  });

  it("needs a task table", () => {
    const r = readPlanFile(head);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.at(-1)!.message).toContain("Không thấy dòng tiêu đề bảng nhiệm vụ");
  });
});
