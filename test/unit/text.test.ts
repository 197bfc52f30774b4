import { describe, expect, it } from "vitest";
import { cleanJsonValue, cleanText, cleanUrlEncoded } from "../../app/domain/text";
import { safeNext } from "../../app/schemas/auth";

describe("cleanText (the one text normalisation of the request pipeline)", () => {
  it("composes decomposed Vietnamese (NFD → NFC)", () => {
    const nfd = "Đắk Lắk, Buôn Ma Thuột".normalize("NFD");
    expect(nfd).not.toBe("Đắk Lắk, Buôn Ma Thuột");
    expect(cleanText(nfd)).toBe("Đắk Lắk, Buôn Ma Thuột");
  });
  it("drops NUL, other control characters and bidi overrides, keeps tabs and line breaks", () => {
    expect(cleanText("a\u0000b\u0007c\u202Ed\u2066e\u2069f\u202Ag")).toBe("abcdefg");
    expect(cleanText("dòng 1\r\ndòng 2\tcột")).toBe("dòng 1\r\ndòng 2\tcột");
  });
  it("cleans every string of a JSON value, keys too, and leaves other values", () => {
    expect(cleanJsonValue({ ["te\u0000n"]: ["Lắk".normalize("NFD"), 5, null, true, { x: "\u202Ey" }] })).toEqual({ ten: ["Lắk", 5, null, true, { x: "y" }] });
  });
  it("cleans a URL-encoded form and returns the same text when nothing changes", () => {
    expect(cleanUrlEncoded("a=1&b=x%20y")).toBe("a=1&b=x%20y");
    const out = new URLSearchParams(cleanUrlEncoded(new URLSearchParams({ q: "chứng thực".normalize("NFD"), n: "a\u0000b" }).toString()));
    expect(out.get("q")).toBe("chứng thực");
    expect(out.get("n")).toBe("ab");
  });
});

describe("safeNext (where a login leads)", () => {
  it.each([
    ["/\t/evil.example", "/trang-can-bo"],
    ["/\n/evil.example", "/trang-can-bo"],
    ["/\\evil.example", "/trang-can-bo"],
    ["//evil.example", "/trang-can-bo"],
    ["https://evil.example/", "/trang-can-bo"],
    ["/x\r\nSet-Cookie: a=b", "/trang-can-bo"],
    ["", "/trang-can-bo"],
    ["/hop-thu?status=open#top", "/hop-thu?status=open#top"],
    ["/dashboard/diem/MC-BMT?year=2024", "/dashboard/diem/MC-BMT?year=2024"],
  ])("%j → %s", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
