import { describe, expect, it } from "vitest";
import { hasExif, sniffImage, stripJpegMetadata } from "../../app/domain/photos";
import { jpegWithGps } from "../fixtures/jpeg-gps";

describe("feedback photos", () => {
  it("knows an image by its content, not its name", () => {
    expect(sniffImage(jpegWithGps())).toBe("image/jpeg");
    expect(sniffImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe("image/png");
    expect(sniffImage(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffImage(new TextEncoder().encode("<html><script>alert(1)</script>"))).toBeNull();
    expect(sniffImage(new TextEncoder().encode("%PDF-1.7"))).toBeNull();
  });

  it("removes the EXIF segment (GPS position) of a JPEG and keeps the image data", () => {
    const src = jpegWithGps();
    expect(hasExif(src)).toBe(true);
    const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");
    expect(text(src)).toContain("GPS");
    const out = stripJpegMetadata(src);
    expect(hasExif(out)).toBe(false);
    expect(text(out)).not.toContain("Exif");
    expect(text(out)).not.toContain("GPS");
    expect(out[0]).toBe(0xff);
    expect(out[1]).toBe(0xd8);
    // The scan (image data) and the end marker are unchanged.
    expect(text(out).endsWith(text(src).slice(text(src).indexOf("\xff\xda")))).toBe(true);
    expect(sniffImage(out)).toBe("image/jpeg");
  });

  it("refuses a truncated JPEG rather than storing half of it", () => {
    const src = jpegWithGps();
    expect(() => stripJpegMetadata(src.subarray(0, 30))).toThrow();
  });
});
