/**
 * Photos attached to citizen feedback (issue 17): what a file is, judged by its content (magic bytes),
 * not its name or declared type; and a JPEG without its location. Pure: no I/O.
 */

export const PHOTO_LIMITS = { maxCount: 3, maxBytes: 5 * 1024 * 1024 } as const;

type PhotoType = "image/jpeg" | "image/png" | "image/webp";

/** The image type from the first bytes, or null when the content is not a JPEG, PNG or WebP image. */
export function sniffImage(b: Uint8Array): PhotoType | null {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return "image/png";
  if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") return "image/webp";
  return null;
}

function ascii(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n));
}

/**
 * A JPEG without its APP1 segments (EXIF, which holds the GPS position, the camera and the time, and
 * XMP) and without comments. The image data is untouched. Throws on a malformed JPEG.
 */
export function stripJpegMetadata(b: Uint8Array): Uint8Array {
  if (!(b[0] === 0xff && b[1] === 0xd8)) throw new Error("not a JPEG");
  const out: Uint8Array[] = [b.subarray(0, 2)];
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) throw new Error("malformed JPEG");
    const marker = b[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    // Markers without a length: TEM and RST0–7.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push(b.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > b.length) throw new Error("malformed JPEG");
    const len = (b[i + 2] << 8) | b[i + 3];
    if (len < 2 || i + 2 + len > b.length) throw new Error("malformed JPEG");
    const end = i + 2 + len;
    if (marker === 0xda) {
      // Start of scan: the compressed image follows up to the end of the file; keep everything.
      out.push(b.subarray(i));
      break;
    }
    const drop = marker === 0xe1 || marker === 0xfe; // APP1 (EXIF, XMP), COM
    if (!drop) out.push(b.subarray(i, end));
    i = end;
  }
  const total = out.reduce((a, p) => a + p.length, 0);
  const r = new Uint8Array(total);
  let at = 0;
  for (const p of out) {
    r.set(p, at);
    at += p.length;
  }
  return r;
}

/** True when a JPEG still carries an EXIF segment (APP1 starting "Exif\0\0"). */
export function hasExif(b: Uint8Array): boolean {
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1];
    if (marker === 0xda || marker === 0xd9) return false;
    const len = (b[i + 2] << 8) | b[i + 3];
    if (marker === 0xe1 && ascii(b, i + 4, 6) === "Exif\0\0") return true;
    i += 2 + len;
  }
  return false;
}
