import { describe, expect, it } from "vitest";
import { MASK, maskPersonalData } from "../../app/domain/masking";

describe("maskPersonalData: personal data in citizens' comments", () => {
  it("masks a name, a phone, an e-mail, a CCCD and a dossier code in one comment", () => {
    const out = maskPersonalData("Tôi là Nguyễn Văn An, số điện thoại 0912 345 678, email an.nguyen@gmail.com, CCCD 079123456789, hồ sơ H15.01-261204-0001");
    expect(out).toBe(`Tôi là ${MASK.name}, số điện thoại ${MASK.phone}, email ${MASK.email}, CCCD ${MASK.id}, hồ sơ ${MASK.dossier}`);
    for (const secret of ["Nguyễn", "An,", "0912", "345 678", "gmail", "079123456789", "H15", "261204"]) expect(out).not.toContain(secret);
  });

  it("masks names after the usual cues, keeping the cue", () => {
    expect(maskPersonalData("Cảm ơn chị Trần Thị Bích Ngọc đã hướng dẫn tận tình.")).toBe(`Cảm ơn chị ${MASK.name} đã hướng dẫn tận tình.`);
    expect(maskPersonalData("Tên tôi là Lê Hoàng")).toBe(`Tên tôi là ${MASK.name}`);
    expect(maskPersonalData("Anh Tuấn ở quầy số 3 rất nhiệt tình")).toBe(`Anh ${MASK.name} ở quầy số 3 rất nhiệt tình`);
    expect(maskPersonalData("cán bộ Phạm Minh Đức làm chậm, ông Hùng phải chờ, bà Lan cũng vậy")).toBe(
      `cán bộ ${MASK.name} làm chậm, ông ${MASK.name} phải chờ, bà ${MASK.name} cũng vậy`,
    );
    expect(maskPersonalData("Em cảm ơn cô Hạnh")).toBe(`Em cảm ơn cô ${MASK.name}`);
  });

  it("masks names written with decomposed (NFD) Vietnamese too", () => {
    expect(maskPersonalData("tôi là Nguyễn Văn An".normalize("NFD"))).toBe(`tôi là ${MASK.name}`);
  });

  it("masks phone numbers in the usual Vietnamese forms", () => {
    for (const phone of ["0912345678", "0912 345 678", "0912.345.678", "091-234-5678", "+84 912 345 678", "+84912345678", "(+84) 912 345 678", "84912345678", "0262 3852 123", "028-3829-1234", "0353.123.456"]) {
      expect(maskPersonalData(`Gọi ${phone} giúp tôi.`), phone).toBe(`Gọi ${MASK.phone} giúp tôi.`);
    }
  });

  it("masks e-mail addresses, CCCD and CMND numbers", () => {
    expect(maskPersonalData("Gửi về tran.binh+hs@dich-vu.gov.vn nhé")).toBe(`Gửi về ${MASK.email} nhé`);
    expect(maskPersonalData("CMND 241234567 đã hết hạn")).toBe(`CMND ${MASK.id} đã hết hạn`);
    expect(maskPersonalData("CCCD số 079 123 456 789.")).toBe(`CCCD số ${MASK.id}.`);
  });

  it("masks dossier codes, the national form and generic letter-digit codes", () => {
    expect(maskPersonalData("Mã hồ sơ 000.00.18.H15-240101-0001 chưa có kết quả")).toBe(`Mã hồ sơ ${MASK.dossier} chưa có kết quả`);
    expect(maskPersonalData("hồ sơ HS-2024-00123 bị trả lại")).toBe(`hồ sơ ${MASK.dossier} bị trả lại`);
    expect(maskPersonalData("biên nhận H15.01-261204-0001.")).toBe(`biên nhận ${MASK.dossier}.`);
  });

  it("leaves ordinary text and numbers alone", () => {
    for (const text of [
      "Chờ 5 phút là xong, năm 2024 tốt hơn năm 2023.",
      "Lệ phí 1.500.000 đồng, hẹn ngày 12/05/2024 trả kết quả.",
      "Phòng làm việc sạch sẽ, cán bộ nhiệt tình. Quầy số 3.",
      "Tôi rất hài lòng với Bộ phận Một cửa.",
      "Sau dịch COVID-19 thủ tục nhanh hơn, chỉ mất 2-3 ngày.",
      "Em rất hài lòng, anh ấy nói dễ hiểu.",
      "Tổng đài 1900 1234 không ai nghe.",
    ]) {
      expect(maskPersonalData(text), text).toBe(text);
    }
  });
});
