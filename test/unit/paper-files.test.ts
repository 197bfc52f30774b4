import { describe, expect, it } from "vitest";
import {
  detectDelimiter, detectFileEncoding, detectTextEncoding, excelSerialToLocal, isUtf8, readAnswer, tcvn3ToUnicode, vietnameseDateToLocal,
} from "../../app/domain/paper-files";
import { parseSubmittedAt } from "../../app/schemas/import";

describe("delimiter detection", () => {
  it("finds comma, semicolon and tab from the header line", () => {
    expect(detectDelimiter("respondent_id,service_point,submitted_at")).toBe(",");
    expect(detectDelimiter("respondent_id;service_point;submitted_at\r\n")).toBe(";");
    expect(detectDelimiter("respondent_id\tservice_point\tsubmitted_at")).toBe("\t");
  });
  it("ignores delimiters inside quotes and defaults to comma", () => {
    expect(detectDelimiter('"a,b,c";x;y')).toBe(";");
    expect(detectDelimiter("respondent_id")).toBe(",");
  });
});

describe("encoding detection", () => {
  it("tells UTF-8 bytes from Latin-1 bytes, a cut character allowed at the end of a sample", () => {
    const utf8 = Buffer.from("Hài lòng", "utf8");
    expect(isUtf8(utf8)).toBe(true);
    expect(isUtf8(utf8.subarray(0, 2), false)).toBe(true);
    expect(isUtf8(utf8.subarray(0, 2), true)).toBe(false);
    expect(isUtf8(Buffer.from([0x48, 0xb5, 0x69]))).toBe(false);
  });
  it("reads a BOM and the byte encoding of a file", () => {
    expect(detectFileEncoding(Buffer.from("\uFEFFrespondent_id,x\r\n", "utf8"))).toEqual({ bytes: "utf8", text: "unicode", bom: true });
    // TCVN3 bytes as an old office saves them: "Hµi lßng" (Hài lòng), "Céng hoµ" (Cộng hoà).
    expect(detectFileEncoding(Buffer.from([0x48, 0xb5, 0x69, 0x20, 0x6c, 0xdf, 0x6e, 0x67, 0x20, 0x43, 0xe9, 0x6e, 0x67, 0x20, 0x68, 0x6f, 0xb5])))
      .toEqual({ bytes: "latin1", text: "tcvn3", bom: false });
  });
  it("recognises Unicode, TCVN3 and VNI text", () => {
    expect(detectTextEncoding("Rất hài lòng; Thủ tục hành chính")).toBe("unicode");
    expect(detectTextEncoding("respondent_id,service_point,5,4")).toBe("unicode");
    expect(detectTextEncoding("RÊt hµi lßng, Thñ tôc hµnh chÝnh")).toBe("tcvn3");
    expect(detectTextEncoding("Raát haøi loøng, Thuû tuïc haønh chính")).toBe("vni");
  });
  it("converts TCVN3 to Unicode", () => {
    expect(tcvn3ToUnicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam")).toBe("Cộng hoà xã hội chủ nghĩa Việt Nam");
    expect(tcvn3ToUnicode("RÊt hµi lßng")).toBe("Rất hài lòng");
    expect(tcvn3ToUnicode("Kh«ng hµi lßng")).toBe("Không hài lòng");
    expect(tcvn3ToUnicode("B×nh th­êng")).toBe("Bình thường");
    expect(tcvn3ToUnicode("§iÓm phôc vô")).toBe("Điểm phục vụ");
    expect(tcvn3ToUnicode("MC-BMT,2024,5")).toBe("MC-BMT,2024,5");
  });
});

describe("dates", () => {
  it("reads dd/mm/yyyy and dd/mm/yyyy hh:mm as Vietnam time", () => {
    expect(vietnameseDateToLocal("17/06/2024")).toBe("2024-06-17");
    expect(vietnameseDateToLocal("7/6/2024 9:30")).toBe("2024-06-07 09:30");
    expect(parseSubmittedAt("17/06/2024")).toBe("2024-06-16T17:00:00.000Z");
    expect(parseSubmittedAt("17/06/2024 09:30")).toBe("2024-06-17T02:30:00.000Z");
    expect(parseSubmittedAt("31/12/2024 23:30")).toBe("2024-12-31T16:30:00.000Z");
  });
  it("still reads ISO dates", () => {
    expect(parseSubmittedAt("2024-06-17")).toBe("2024-06-16T17:00:00.000Z");
    expect(parseSubmittedAt("2024-06-17 09:30")).toBe("2024-06-17T02:30:00.000Z");
    expect(parseSubmittedAt("2024-06-17T09:30:00+07:00")).toBe("2024-06-17T02:30:00.000Z");
  });
  it("reads Excel serial dates", () => {
    expect(excelSerialToLocal(45460)).toBe("2024-06-17 00:00:00");
    expect(excelSerialToLocal(45460.5)).toBe("2024-06-17 12:00:00");
    expect(parseSubmittedAt("45460")).toBe("2024-06-16T17:00:00.000Z");
  });
  it("refuses days that do not exist and other forms", () => {
    expect(parseSubmittedAt("31/06/2024")).toBeNull();
    expect(parseSubmittedAt("17/13/2024")).toBeNull();
    expect(parseSubmittedAt("06-17-24")).toBeNull();
    expect(parseSubmittedAt("hôm qua")).toBeNull();
  });
});

describe("answers", () => {
  it("reads numbers, label words and not-applicable", () => {
    expect(readAnswer("5")).toBe(5);
    expect(readAnswer(" 4.0 ")).toBe(4);
    expect(readAnswer("Hài lòng")).toBe(4);
    expect(readAnswer("rất hài lòng")).toBe(5);
    expect(readAnswer("Rất không hài lòng")).toBe(1);
    expect(readAnswer("Không hài lòng")).toBe(2);
    expect(readAnswer("Bình thường")).toBe(3);
    expect(readAnswer("3 - Bình thường")).toBe(3);
    expect(readAnswer("")).toBeNull();
    expect(readAnswer("KAD")).toBeNull();
    expect(readAnswer("na")).toBeNull();
    expect(readAnswer("Không áp dụng")).toBeNull();
    expect(readAnswer("6")).toBeUndefined();
    expect(readAnswer("Tốt")).toBeUndefined();
  });
});
