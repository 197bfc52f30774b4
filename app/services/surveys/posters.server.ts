import { qrCode } from "../../platform/libraries.server";
import type { Db } from "../../platform/db.server";
import type { SessionUser } from "../../platform/auth.server";
import { currentVersion } from "./questionnaires.server";
import { listServicePoints } from "../org/reference.server";
import { userCan } from "../../platform/session.server";

/** The online questionnaire the posters and receipts lead to. */
const POSTER_SURVEY = "sipas";

/** QR options: error correction M survives a smudged print; a 2-module quiet zone inside the SVG. */
export const QR_OPTIONS = { type: "svg", errorCorrectionLevel: "M", margin: 2 } as const;

/**
 * The public address citizens reach: PUBLIC_URL (e.g. https://hailong.daklak.gov.vn) when set, since
 * a server behind a proxy may see an internal host; otherwise the request's own origin.
 */
export function publicBaseUrl(request: Request): string {
  const env = process.env.PUBLIC_URL?.trim();
  if (env && /^https?:\/\/[^\s/]+/.test(env)) return env.replace(/\/+$/, "");
  return new URL(request.url).origin;
}

/** /s/<slug>?point=<code>[&dossier=<code>] — the survey with the service point (and dossier) filled in. */
export function surveyUrl(base: string, slug: string, point: string, dossier?: string): string {
  const q = new URLSearchParams({ point });
  if (dossier) q.set("dossier", dossier);
  return `${base}/s/${encodeURIComponent(slug)}?${q.toString()}`;
}

/** The template a dossier system prints as a QR code on each receipt (placeholders in angle brackets). */
function receiptTemplate(base: string, slug: string): string {
  return `${base}/s/${encodeURIComponent(slug)}?point=<mã điểm phục vụ>&dossier=<mã hồ sơ>`;
}

/** The URL without its scheme, as printed under the QR code for those who type it. */
function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, "");
}

async function qrSvg(url: string): Promise<string> {
  return (await qrCode()).toString(url, QR_OPTIONS);
}

interface Poster {
  code: string;
  name: string;
  unitName: string;
  url: string;
  shortUrl: string;
  svg: string;
}

/**
 * Use case: the posters a staff member may print — every active service point for an admin or a
 * provincial leader, the points of their own district for a district leader (read:indices there).
 */
export async function postersFor(db: Db, user: SessionUser, base: string, only: string | null) {
  const version = await currentVersion(db, POSTER_SURVEY);
  const slug = version?.slug ?? POSTER_SURVEY;
  const points = await listServicePoints(db);
  const mine = [];
  for (const p of points) {
    if (only && p.code !== only) continue;
    if (await userCan(user, "read:indices", { unitId: p.unit_id })) mine.push(p);
  }
  const posters: Poster[] = await Promise.all(
    mine.map(async (p) => {
      const url = surveyUrl(base, slug, p.code);
      return { code: p.code, name: p.name, unitName: p.unit_name, url, shortUrl: shortUrl(url), svg: await qrSvg(url) };
    }),
  );
  return { slug, surveyPublished: !!version, posters, template: receiptTemplate(base, slug) };
}
