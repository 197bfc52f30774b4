import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie, withSession } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";
import { publicBaseUrl, QR_OPTIONS, surveyUrl } from "../../app/services/surveys/posters.server";

// /quan-tri/ap-phich: A6 posters with the survey's QR code, one per service point in the user's scope.

const PUBLIC_URL = "https://hailong.daklak.gov.vn";
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { PUBLIC_URL } });
});
afterAll(async () => server?.stop());

async function page(who: string, query = "") {
  const cookie = await loginCookie(server.url, who);
  const res = await fetch(`${server.url}/quan-tri/ap-phich${query}`, withSession(server.url, cookie));
  return { status: res.status, html: await res.text() };
}

/** The posters on the page: the URL each QR code was made for and its inlined SVG. */
function posters(html: string) {
  const out = new Map<string, string>();
  const re = /<div class="qr-poster-code" role="img" aria-label="[^"]*" data-url="([^"]+)">(<svg[\s\S]*?<\/svg>\s*)<\/div>/g;
  for (const m of html.matchAll(re)) out.set(m[1].replace(/&amp;/g, "&"), m[2]);
  return out;
}

describe("QR posters", () => {
  it("the admin gets one poster per active service point; each QR code encodes the survey URL under PUBLIC_URL", async () => {
    const { status, html } = await page("admin");
    expect(status).toBe(200);
    const found = posters(html);
    expect(found.size).toBeGreaterThanOrEqual(25);
    const url = `${PUBLIC_URL}/s/sipas?point=MC-BMT`;
    expect(found.has(url)).toBe(true);
    // Decoding a QR code is hard; making it again from the expected URL must give the very same SVG.
    expect(found.get(url)).toBe(await QRCode.toString(url, QR_OPTIONS));
    // Name, call to action and the short URL in text.
    expect(html).toContain("Bộ phận Một cửa UBND thành phố Buôn Ma Thuột");
    expect(html).toContain("Ông/Bà hài lòng với sự phục vụ hôm nay?");
    expect(html).toContain("hailong.daklak.gov.vn/s/sipas?point=MC-BMT<");
    // The template a dossier system prints on receipts.
    expect(html).toContain(`${PUBLIC_URL}/s/sipas?point=&lt;mã điểm phục vụ&gt;&amp;dossier=&lt;mã hồ sơ&gt;`);
    // A6 print stylesheet.
    const css = html.match(/href="(\/assets\/poster-[^"]+\.css)"/)?.[1];
    expect(css).toBeTruthy();
    expect(await (await fetch(`${server.url}${css}`)).text()).toMatch(/@page\s*{\s*size:\s*A6/);
  });

  it("?diem= prints one poster; the survey it leads to exists and pre-fills the point", async () => {
    const { html } = await page("admin", "?diem=mc-eka");
    const found = posters(html);
    expect([...found.keys()]).toEqual([`${PUBLIC_URL}/s/sipas?point=MC-EKA`]);
    const survey = await fetch(`${server.url}/s/sipas?point=MC-EKA&dossier=H15.01-240617-0001`);
    expect(survey.status).toBe(200);
    const text = await survey.text();
    expect(text).toContain("Bộ phận Một cửa UBND huyện Ea Kar");
    expect(text).toContain('value="H15.01-240617-0001"');
  });

  it("a district leader gets the posters of their district only; officers and anonymous visitors none", async () => {
    const bmt = posters((await page("lanhdao.bmt")).html);
    expect(bmt.size).toBeGreaterThan(0);
    for (const url of bmt.keys()) expect(url).toMatch(/point=MC-BMT(-|$)/);
    expect(posters((await page("lanhdao.bmt", "?diem=MC-EKA")).html).size).toBe(0);
    const province = posters((await page("lanhdao.tinh")).html);
    expect(province.size).toBeGreaterThan(bmt.size);
    expect((await page("canbo.stp")).status).toBe(403);
    expect((await page("motcua.bmt")).status).toBe(403);
    const anon = await fetch(`${server.url}/quan-tri/ap-phich`, { redirect: "manual" });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/dang-nhap");
  });

  it("the staff menu offers the posters to admins and leaders only", async () => {
    for (const [who, shown] of [["admin", true], ["lanhdao.bmt", true], ["canbo.stp", false], ["motcua.bmt", false]] as const) {
      const cookie = await loginCookie(server.url, who);
      const html = await (await fetch(`${server.url}/trang-can-bo`, withSession(server.url, cookie))).text();
      expect(html.includes('href="/quan-tri/ap-phich"'), who).toBe(shown);
    }
  });

  it("the public base URL is PUBLIC_URL when set, else the request's origin; receipts add the dossier", () => {
    const saved = process.env.PUBLIC_URL;
    try {
      delete process.env.PUBLIC_URL;
      expect(publicBaseUrl(new Request("http://10.0.0.5:3000/quan-tri/ap-phich"))).toBe("http://10.0.0.5:3000");
      process.env.PUBLIC_URL = "https://khaosat.daklak.gov.vn/";
      expect(publicBaseUrl(new Request("http://10.0.0.5:3000/quan-tri/ap-phich"))).toBe("https://khaosat.daklak.gov.vn");
      expect(surveyUrl("https://khaosat.daklak.gov.vn", "sipas", "MC-BMT", "H15.01/240617 0001")).toBe("https://khaosat.daklak.gov.vn/s/sipas?point=MC-BMT&dossier=H15.01%2F240617+0001");
    } finally {
      if (saved === undefined) delete process.env.PUBLIC_URL;
      else process.env.PUBLIC_URL = saved;
    }
  });
});
