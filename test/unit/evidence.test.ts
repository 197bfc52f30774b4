import { describe, expect, it } from "vitest";
import { attachmentHeader, checkEvidence, safeFileName, sniffEvidence } from "../../app/domain/evidence";
import { expandGroup, type AgencyGroup, type AgencyInfo } from "../../app/domain/plans";

const bytes = (s: string | number[]) => (typeof s === "string" ? new Uint8Array(Buffer.from(s, "latin1")) : new Uint8Array(s));

describe("evidence file types by content", () => {
  it("knows PDF, JPG, PNG, OOXML and OpenDocument by their first bytes", () => {
    expect(sniffEvidence(bytes("%PDF-1.7\n"))).toBe("pdf");
    expect(sniffEvidence(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe("jpg");
    expect(sniffEvidence(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("png");
    expect(sniffEvidence(bytes("PK\x03\x04" + "x".repeat(26) + "[Content_Types].xml....word/document.xml"))).toBe("docx");
    expect(sniffEvidence(bytes("PK\x03\x04" + "x".repeat(26) + "[Content_Types].xml....xl/workbook.xml"))).toBe("xlsx");
    expect(sniffEvidence(bytes("PK\x03\x04" + "x".repeat(26) + "mimetypeapplication/vnd.oasis.opendocument.text"))).toBe("odt");
    expect(sniffEvidence(bytes("PK\x03\x04" + "x".repeat(26) + "some.zip.entry"))).toBeNull();
    expect(sniffEvidence(bytes("MZ\x90\x00"))).toBeNull();
    expect(sniffEvidence(bytes("<html><script>"))).toBeNull();
  });

  it("says what to fix when the content and the name disagree or the file is empty", () => {
    expect(checkEvidence("a.pdf", bytes("MZ"))).toMatchObject({ ok: false, message: expect.stringContaining("không phải loại được nhận") });
    expect(checkEvidence("a.jpg", bytes("%PDF-1.4"))).toMatchObject({ ok: false, message: expect.stringContaining("hãy đặt đuôi .pdf") });
    expect(checkEvidence("a.pdf", new Uint8Array())).toMatchObject({ ok: false, message: expect.stringContaining("rỗng") });
    expect(checkEvidence("Ảnh.JPEG", bytes([0xff, 0xd8, 0xff]))).toMatchObject({ ok: true, contentType: "image/jpeg" });
  });

  it("keeps names safe to store and to send", () => {
    expect(safeFileName("../../etc/passwd")).toBe("passwd");
    expect(safeFileName('C:\\docs\\bao "cao"\r\n.pdf')).toBe("bao _cao___.pdf");
    expect(safeFileName(`${"a".repeat(200)}.pdf`)).toHaveLength(120);
    expect(attachmentHeader("Báo cáo quý III.pdf")).toBe(`attachment; filename="Bao cao quy III.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20qu%C3%BD%20III.pdf`);
    expect(attachmentHeader('x";\r\nSet-Cookie: a=b.pdf')).not.toMatch(/[\r\n]/);
  });
});

describe("agency groups", () => {
  const agencies: AgencyInfo[] = [
    { code: "UBND-A", name: "UBND huyện A", kind: "people_committee", level: "district", active: true },
    { code: "UBND-B", name: "UBND huyện B", kind: "people_committee", level: "district", active: true },
    { code: "UBND-C", name: "UBND huyện C", kind: "people_committee", level: "district", active: false },
    { code: "STP", name: "Sở Tư pháp", kind: "department", level: "province", active: true },
  ];
  const group: AgencyGroup = { code: "H", name: "UBND cấp huyện", aliases: [], rule: { kinds: ["people_committee"], levels: ["district"] } };

  it("expands to the rule's active members, less those excluded, plus those added", () => {
    expect(expandGroup(group, agencies).map((a) => a.code)).toEqual(["UBND-A", "UBND-B"]);
    expect(expandGroup({ ...group, exclude: ["UBND-B"], include: ["STP"] }, agencies).map((a) => a.code)).toEqual(["UBND-A", "STP"]);
    expect(expandGroup({ ...group, rule: { kinds: [], levels: [] }, include: ["STP", "UBND-C"] }, agencies).map((a) => a.code)).toEqual(["STP"]);
  });
});
