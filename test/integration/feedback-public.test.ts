import crypto from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { answerItem, getItem, publishItem } from "../../app/services/feedback/feedback.server";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The citizen side of feedback over real HTTP against the built server: the web form (no
 * JavaScript needed), the public API, the tracking page and its rating, and the published answers.
 */
let server: TestServer;
let sqlite: Database.Database;
let db: Db;
let officer: number;
let admin: number;

beforeAll(async () => {
  server = await startServer();
  sqlite = new Database(server.dbPath, { readonly: true });
  db = createDb(server.dbPath);
  officer = (await db.selectFrom("app_user").select("id").where("username", "=", "canbo.bmt").executeTakeFirstOrThrow()).id;
  admin = (await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  sqlite?.close();
  await db?.destroy();
  await server?.stop();
});

const count = () => (sqlite.prepare("SELECT COUNT(*) AS c FROM feedback_item").get() as { c: number }).c;
const row = (code: string) => sqlite.prepare("SELECT * FROM feedback_item WHERE tracking_code = ?").get(code) as Record<string, any>;
const key = () => crypto.randomUUID();
const TEXT = "Bộ phận một cửa hẹn trả kết quả chứng thực ngày 10/06 nhưng đến hẹn vẫn chưa có.";
const CODE_RE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

function postForm(path: string, fields: Record<string, string>, origin = server.url) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams(fields).toString(),
  });
}
function postApi(body: string, headers: Record<string, string> = { "content-type": "application/json" }) {
  return fetch(`${server.url}/api/v1/feedback`, { method: "POST", headers: { origin: server.url, ...headers }, body });
}
const page = async (path: string) => {
  const res = await fetch(`${server.url}${path}`, { redirect: "manual" });
  return { status: res.status, html: await res.text(), res };
};
/** The visible text of a page, roughly: tags out, entities decoded. */
const textOf = (html: string) =>
  html.replace(/<script[\s\S]*?<\/script>/g, " ").replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/\s+/g, " ");

/** Sends through the web form and returns the tracking code from the redirect. */
async function sendForm(fields: Record<string, string>): Promise<string> {
  const res = await postForm("/phan-anh", { kind: "phan_anh", topic: "chung-thuc", unit: "BMT", text: TEXT, idempotencyKey: key(), ...fields });
  expect(res.status).toBe(303);
  const loc = res.headers.get("location")!;
  const m = /^\/tra-cuu\/([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})\?moi=1$/.exec(loc);
  expect(m, loc).not.toBeNull();
  return m![1];
}

async function answer(code: string, text = "UBND thành phố đã kiểm tra, trả kết quả chứng thực cho Ông/Bà ngày 12/06.") {
  const id = row(code).id as number;
  const item = await getItem(db, id);
  await answerItem(db, id, text, item.version, { userId: officer });
  return id;
}

describe("the web form /phan-anh", () => {
  it("shows the form, phone first, without needing JavaScript", async () => {
    const { status, html } = await page("/phan-anh");
    expect(status).toBe(200);
    expect(html).toMatch(/<form[^>]*method="post"/);
    expect(html).toMatch(/<input type="hidden" name="idempotencyKey" value="[0-9a-f-]{36}"/);
    const text = textOf(html);
    for (const label of ["Góp ý", "Phản ánh", "Kiến nghị", "Khiếu nại", "Tố cáo", "Thanh tra tỉnh", "Luật Khiếu nại", "Đồng ý công khai nội dung (đã ẩn thông tin cá nhân)", "Lĩnh vực", "Chứng thực", "Thành phố Buôn Ma Thuột", "Bộ phận Một cửa UBND thành phố Buôn Ma Thuột", "Số điện thoại"]) {
      expect(text, label).toContain(label);
    }
    for (const name of ["kind", "topic", "unit", "servicePoint", "text", "contactName", "contactPhone", "contactEmail", "consentPublish"]) {
      expect(html, name).toContain(`name="${name}"`);
    }
    // Two loads, two keys: a key belongs to one form.
    const again = await page("/phan-anh");
    const k = (h: string) => /name="idempotencyKey" value="([^"]+)"/.exec(h)![1];
    expect(k(again.html)).not.toBe(k(html));
    const en = textOf((await page("/phan-anh?lang=en")).html);
    expect(en).toContain("Send a suggestion, report or request");
    expect(en).toContain("Denunciation");
  });

  it("stores a post and redirects to the tracking page with the code and the expected answer date", async () => {
    const before = count();
    const code = await sendForm({ contactName: "Nguyễn Thị Hoa", contactPhone: "0912 345 678", contactEmail: "hoa.nguyen@example.vn", consentPublish: "on" });
    expect(code).toMatch(CODE_RE);
    expect(count()).toBe(before + 1);
    const r = row(code);
    expect(r.channel).toBe("web");
    expect(r.kind).toBe("phan_anh");
    expect(r.status).toBe("assigned");
    expect(r.contact_phone).toBe("0912345678");
    expect(r.consent_publish).toBe(1);
    const { status, html } = await page(`/tra-cuu/${code}?moi=1`);
    expect(status).toBe(200);
    const text = textOf(html);
    expect(text).toContain(`Mã tra cứu của Ông/Bà: ${code} — hãy ghi lại`);
    const due = (r.due_day as string).split("-").reverse().join("/");
    expect(text).toContain(`Hạn trả lời dự kiến: ${due}`);
    expect(text).toContain("Đang được cơ quan có thẩm quyền xử lý");
  });

  it("stores a replay of the same idempotency key once and sends both to the same code", async () => {
    const k = key();
    const fields = { kind: "gop_y", text: TEXT, idempotencyKey: k };
    const before = count();
    const a = await postForm("/phan-anh", fields);
    const b = await postForm("/phan-anh", fields);
    expect(a.status).toBe(303);
    expect(b.status).toBe(303);
    expect(b.headers.get("location")).toBe(a.headers.get("location"));
    expect(count()).toBe(before + 1);
  });

  const bad: [string, Record<string, string | undefined>, string, string][] = [
    ["no kind", { kind: undefined }, "kind", "Hãy chọn loại: góp ý, phản ánh, kiến nghị, khiếu nại hoặc tố cáo."],
    ["an unknown kind", { kind: "khac" }, "kind", "Hãy chọn loại"],
    ["a short text", { text: "ngắn quá" }, "text", "Nội dung quá ngắn: hãy mô tả rõ hơn (ít nhất 10 ký tự)."],
    ["a 6000-character text", { text: "Rất dài. ".repeat(667) }, "text", "Nội dung quá dài (tối đa 5.000 ký tự)."],
    ["a bad phone", { contactPhone: "12345" }, "contactPhone", "Số điện thoại không hợp lệ (ví dụ 0912345678)."],
    ["a bad e-mail", { contactEmail: "khong-phai-email" }, "contactEmail", "Email không hợp lệ."],
    ["an unknown unit", { unit: "KHONG-CO" }, "unit", "Không tìm thấy đơn vị hành chính"],
    ["an unknown service point", { servicePoint: "MC-KHONG-CO" }, "servicePoint", "Không tìm thấy điểm phục vụ"],
    ["an unknown topic", { topic: "khong-co-linh-vuc" }, "topic", "Không có lĩnh vực"],
  ];
  for (const [what, override, field, message] of bad) {
    it(`refuses ${what} with a Vietnamese message next to the field, keeps what was typed and stores nothing`, async () => {
      const before = count();
      const fields: Record<string, string> = { kind: "phan_anh", topic: "chung-thuc", unit: "BMT", text: TEXT, contactName: "Lê Văn Tâm", idempotencyKey: key() };
      for (const [k, v] of Object.entries(override)) {
        if (v === undefined) delete fields[k];
        else fields[k] = v;
      }
      const res = await postForm("/phan-anh", fields);
      expect(res.status).toBe(422);
      const html = await res.text();
      const text = textOf(html);
      expect(text).toContain("Ý kiến chưa gửi được");
      expect(text).toContain(message);
      // The message sits next to its field (and the field is marked invalid).
      expect(html).toContain(`id="${field}-error"`);
      // What was typed is still there (the same key, so a corrected post still stores once).
      expect(html).toContain(`value="${fields.idempotencyKey}"`);
      if (field !== "contactName") expect(html).toContain('value="Lê Văn Tâm"');
      if (field !== "text") expect(text).toContain(TEXT);
      expect(count()).toBe(before);
    });
  }

  it("refuses a post from another site (CSRF) and stores nothing", async () => {
    const before = count();
    const res = await postForm("/phan-anh", { kind: "phan_anh", text: TEXT, idempotencyKey: key() }, "https://evil.example");
    expect(res.status).toBe(403);
    expect(count()).toBe(before);
  });
});

describe("the public API", () => {
  const good = { kind: "kien_nghi", topic: "dat-dai", unit: "EKA", text: "Đề nghị niêm yết công khai lịch tiếp công dân tại Bộ phận Một cửa huyện.", contactPhone: "0987654321" };

  it("POST /api/v1/feedback → 201 with a tracking code and URL, 200 for a replay", async () => {
    const before = count();
    const k = `api-${key()}`;
    const a = await postApi(JSON.stringify({ ...good, idempotencyKey: k }));
    expect(a.status).toBe(201);
    const aj = await a.json();
    expect(aj.trackingCode).toMatch(CODE_RE);
    expect(aj.trackUrl).toBe(`${server.url}/tra-cuu/${aj.trackingCode}`);
    const b = await postApi(JSON.stringify({ ...good, idempotencyKey: k }));
    expect(b.status).toBe(200);
    expect((await b.json()).trackingCode).toBe(aj.trackingCode);
    expect(count()).toBe(before + 1);
    expect(row(aj.trackingCode).channel).toBe("api");
    // GET is not the way to send.
    const get = await fetch(`${server.url}/api/v1/feedback`);
    expect(get.status).toBe(405);
  });

  const badApi: [string, unknown, string][] = [
    ["no kind", { ...good, kind: undefined }, "kind"],
    ["a short text", { ...good, text: "ngắn" }, "text"],
    ["a 6000-character text", { ...good, text: "x".repeat(6000) }, "text"],
    ["a bad phone", { ...good, contactPhone: "09-12" }, "contactPhone"],
    ["a bad e-mail", { ...good, contactEmail: "a@b" }, "contactEmail"],
    ["an unknown unit", { ...good, unit: "ZZZ" }, "unit"],
    ["an unknown service point", { ...good, servicePoint: "ZZZ" }, "servicePoint"],
    ["an unknown topic", { ...good, topic: "zzz" }, "topic"],
  ];
  for (const [what, body, field] of badApi) {
    it(`refuses ${what} with 422 and the field, storing nothing`, async () => {
      const before = count();
      const res = await postApi(JSON.stringify(body));
      expect(res.status).toBe(422);
      const j = await res.json();
      expect(j.error.code).toBe("invalid_input");
      expect(j.error.message).toMatch(/chưa hợp lệ/);
      expect(Object.keys(j.error.fields)).toContain(field);
      expect(count()).toBe(before);
    });
  }

  it("stores text and names without control characters (the request pipeline strips them, issue 14)", async () => {
    const res = await postApi(JSON.stringify({ ...good, text: "có ký tự \u0001 nhị phân trong nội dung \u0000 ở giữa câu", contactName: "A\u0000B" }));
    expect(res.status).toBe(201);
    const stored = row((await res.json()).trackingCode);
    expect(stored.text).toBe("có ký tự  nhị phân trong nội dung  ở giữa câu");
    expect(stored.contact_name).toBe("AB");
    const viaForm = await postForm("/phan-anh", { kind: "phan_anh", topic: "chung-thuc", unit: "BMT", text: "Nội dung có ký tự \u0000\u0007 nhị phân ở giữa câu.", contactName: "Nguyễn\u0000Văn A", idempotencyKey: key() });
    expect(viaForm.status).toBe(303);
    const code = /\/tra-cuu\/([^?]+)/.exec(viaForm.headers.get("location")!)![1];
    expect(row(code).text).toBe("Nội dung có ký tự  nhị phân ở giữa câu.");
    expect(row(code).contact_name).toBe("NguyễnVăn A");
  });

  it("refuses invalid JSON, a wrong content type, a body over 64 KB and a non-object", async () => {
    const before = count();
    const invalid = await postApi("{ kind: phan_anh");
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.code).toBe("invalid_json");
    const form = await postApi(new URLSearchParams({ kind: "phan_anh", text: TEXT }).toString(), { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    expect((await form.json()).error.message).toContain("JSON");
    const big = await postApi(JSON.stringify({ ...good, text: "a".repeat(70 * 1024) }));
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe("too_large");
    const arr = await postApi(JSON.stringify([good]));
    expect(arr.status).toBe(422);
    expect(count()).toBe(before);
  });
});

describe("tracking /tra-cuu", () => {
  it("shows no contact data, escapes what the citizen typed, and answers the same JSON view", async () => {
    const code = await sendForm({
      text: "Cán bộ yêu cầu nộp thêm giấy tờ <script>alert(1)</script> không có trong quy định.",
      contactName: "Trần Thị Bích", contactPhone: "0987 111 222", contactEmail: "bich.tran@example.vn",
    });
    const { html } = await page(`/tra-cuu/${code}`);
    for (const secret of ["Trần Thị Bích", "0987111222", "0987 111 222", "bich.tran@example.vn"]) expect(html).not.toContain(secret);
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const text = textOf(html);
    expect(text).toContain("Phản ánh");
    expect(text).toContain("Ủy ban nhân dân");
    expect(text).toMatch(/Ngày tiếp nhận \d{2}\/\d{2}\/\d{4}/);
    expect(text).toMatch(/Hạn trả lời \d{2}\/\d{2}\/\d{4}/);
    expect(text).toContain("Đã tiếp nhận ý kiến");
    expect(text).toContain("Đã chuyển đến");
    // No rating before the answer.
    expect(html).not.toContain('name="rating"');
    expect(html).not.toContain('class="fb-chip demo"');
    // English on request; a demo item is marked as such.
    const en = textOf((await page(`/tra-cuu/${code}?lang=en`)).html);
    expect(en).toContain("Being handled by the competent body");
    expect(en).toContain("Feedback received");
    await db.updateTable("feedback_item").set({ is_demo: 1 }).where("tracking_code", "=", code).execute();
    expect((await page(`/tra-cuu/${code}`)).html).toContain('class="fb-chip demo"');

    const res = await fetch(`${server.url}/api/v1/feedback/${code}`);
    expect(res.status).toBe(200);
    const raw = await res.text();
    for (const secret of ["Trần Thị Bích", "0987111222", "bich.tran@example.vn", "contact"]) expect(raw).not.toContain(secret);
    const j = JSON.parse(raw);
    expect(j).toMatchObject({ trackingCode: code, kind: "phan_anh", status: "assigned", canRate: false, rating: null, answer: null });
    expect(j.dueDay).toBe(row(code).due_day);
    expect(j.events.map((e: { kind: string }) => e.kind)).toEqual(["received", "routed"]);
  });

  it("finds a code typed in any case, and says the same thing for unknown and malformed codes", async () => {
    const code = await sendForm({});
    const lookup = await page(`/tra-cuu?ma=${encodeURIComponent(` ${code.toLowerCase().replace("-", "")} `)}`);
    expect(lookup.status).toBe(303);
    expect(lookup.res.headers.get("location")).toBe(`/tra-cuu/${code}`);
    const canonical = await page(`/tra-cuu/${code.toLowerCase()}`);
    expect(canonical.status).toBe(301);
    expect(canonical.res.headers.get("location")).toBe(`/tra-cuu/${code}`);
    const malformed = await page("/tra-cuu?ma=abc");
    expect(malformed.status).toBe(422);
    expect(textOf(malformed.html)).toContain("Mã tra cứu gồm 8 ký tự, ví dụ 7KQM-42XD.");

    const unknown = await page("/tra-cuu/2222-2222");
    const wrong = await page("/tra-cuu/abc");
    expect(unknown.status).toBe(404);
    expect(wrong.status).toBe(404);
    const msg = "Không tìm thấy ý kiến với mã tra cứu này.";
    expect(textOf(unknown.html)).toContain(msg);
    expect(textOf(wrong.html)).toContain(msg);
    const ju = await fetch(`${server.url}/api/v1/feedback/2222-2222`);
    const jw = await fetch(`${server.url}/api/v1/feedback/abc`);
    expect(ju.status).toBe(404);
    expect(jw.status).toBe(404);
    expect(await ju.text()).toBe(await jw.text());
  });

  it("takes one rating once the item is answered, and refuses another", async () => {
    const code = await sendForm({ contactPhone: "0905000111" });
    const early = await postForm(`/tra-cuu/${code}`, { rating: "5" });
    expect(early.status).toBe(409);
    expect(textOf(await early.text())).toContain("Chỉ đánh giá được khi ý kiến đã được trả lời.");

    await answer(code, "Đã trả kết quả ngày 12/06 <b>kèm</b> lời xin lỗi vì chậm hẹn.");
    const answered = await page(`/tra-cuu/${code}`);
    const text = textOf(answered.html);
    expect(text).toContain("Đã trả lời");
    expect(text).toContain("Đã trả kết quả ngày 12/06 <b>kèm</b> lời xin lỗi vì chậm hẹn.");
    expect(answered.html).not.toContain("<b>kèm</b>");
    for (const label of ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]) expect(text).toContain(label);
    expect(answered.html.match(/name="rating"/g)).toHaveLength(5);

    const outOfRange = await postForm(`/tra-cuu/${code}`, { rating: "9" });
    expect(outOfRange.status).toBe(422);
    expect(textOf(await outOfRange.text())).toContain("Hãy chọn một mức đánh giá từ 1 đến 5.");
    const foreign = await postForm(`/tra-cuu/${code}`, { rating: "1" }, "https://evil.example");
    expect(foreign.status).toBe(403);

    const rated = await postForm(`/tra-cuu/${code}`, { rating: "4" });
    expect(rated.status).toBe(303);
    expect(rated.headers.get("location")).toBe(`/tra-cuu/${code}?danh-gia=1`);
    const after = await page(`/tra-cuu/${code}?danh-gia=1`);
    expect(textOf(after.html)).toContain("Cảm ơn Ông/Bà đã đánh giá!");
    expect(textOf(after.html)).toContain("Hài lòng (4/5)");
    expect(after.html).not.toContain('name="rating"');

    const again = await postForm(`/tra-cuu/${code}`, { rating: "1" });
    expect(again.status).toBe(409);
    expect(textOf(await again.text())).toContain("đã đánh giá ý kiến này rồi");
    expect(row(code).rating).toBe(4);
    const j = await (await fetch(`${server.url}/api/v1/feedback/${code}`)).json();
    expect(j).toMatchObject({ status: "answered", rating: 4, canRate: false });
    expect(j.events.map((e: { kind: string }) => e.kind)).toEqual(["received", "routed", "answered", "rated"]);

    const unknown = await postForm("/tra-cuu/2222-2222", { rating: "5" });
    expect(unknown.status).toBe(404);
  });
});

describe("published answers /cong-khai", () => {
  it("says so when nothing is published", async () => {
    const { status, html } = await page("/cong-khai");
    expect(status).toBe(200);
    expect(textOf(html)).toContain("Chưa có câu trả lời nào được công khai.");
    const j = await (await fetch(`${server.url}/api/v1/public-answers`)).json();
    expect(j).toMatchObject({ total: 0, page: 1, pageSize: 20, items: [] });
  });

  it("lists published answers without the sender's details, with search and 20 a page", async () => {
    const people = ["Phạm Văn Khánh", "0913222333", "khanh.pham@example.vn"];
    for (let i = 1; i <= 23; i++) {
      const special = i === 7 || i === 15;
      const code = await sendForm({
        text: special ? `Đường vào Bộ phận Một cửa xã Hòa Thắng bị ngập nước số ${i}.` : `Chậm trả kết quả chứng thực lần thứ ${i}, phải đi lại nhiều lần.`,
        contactName: people[0], contactPhone: people[1], contactEmail: people[2], consentPublish: "on",
      });
      const id = await answer(code, special ? `Đã khơi thông mương thoát nước (mục ${i}) <script>alert(1)</script>.` : `Đã trả kết quả và chấn chỉnh cán bộ (mục ${i}).`);
      const item = await getItem(db, id);
      await publishItem(db, id, special ? `Ngập nước lối vào Bộ phận Một cửa, mục ${i}.` : `Chậm trả kết quả chứng thực, mục ${i}.`, item.version, { userId: admin }, new Date(Date.now() + i * 1000));
    }
    const first = await page("/cong-khai");
    const t1 = textOf(first.html);
    expect(first.html.match(/class="fb-card fb-pub"/g)).toHaveLength(20);
    expect(t1).toContain("23 câu trả lời");
    expect(t1).toContain("mục 23"); // newest first
    expect(t1).not.toContain("mục 3.");
    expect(first.html).toContain('href="/cong-khai?page=2"');
    for (const p of people) expect(first.html).not.toContain(p);
    expect(first.html).not.toContain("<script>alert(1)</script>");
    expect(t1).toContain("Phản ánh");
    expect(t1).toContain("Chứng thực");
    expect(t1).toMatch(/Ngày tiếp nhận \d{2}\/\d{2}\/\d{4}/);
    expect(t1).toMatch(/Ngày trả lời \d{2}\/\d{2}\/\d{4}/);

    const second = await page("/cong-khai?page=2");
    expect(second.html.match(/class="fb-card fb-pub"/g)).toHaveLength(3);
    expect(textOf(second.html)).toContain("mục 1.");
    expect(second.html).toContain('href="/cong-khai"');

    const search = await page(`/cong-khai?q=${encodeURIComponent("ngập nước")}`);
    expect(search.html.match(/class="fb-card fb-pub"/g)).toHaveLength(2);
    expect(textOf(search.html)).toContain("2 câu trả lời khớp với “ngập nước”");
    expect(textOf(search.html)).toContain("<script>alert(1)</script>"); // shown as text, escaped in the HTML
    expect(search.html).not.toContain("<script>alert(1)</script>");
    const none = await page(`/cong-khai?q=${encodeURIComponent("không có gì như thế")}`);
    expect(textOf(none.html)).toContain("Không có câu trả lời nào khớp với “không có gì như thế”");

    const api = await fetch(`${server.url}/api/v1/public-answers?page=2`);
    expect(api.status).toBe(200);
    const raw = await api.text();
    for (const p of people) expect(raw).not.toContain(p);
    expect(raw).not.toMatch(/contact|tracking/i);
    const j = JSON.parse(raw);
    expect(j).toMatchObject({ total: 23, page: 2, pageSize: 20, pages: 2 });
    expect(j.items).toHaveLength(3);
    expect(j.items[0]).toMatchObject({ kind: "phan_anh", topic: "chung-thuc", topicName: "Chứng thực", agency: expect.any(String) });
    expect(Object.keys(j.items[0]).sort()).toEqual(["agency", "answer", "answeredAt", "isDemo", "kind", "kindLabel", "photos", "publishedAt", "receivedAt", "summary", "topic", "topicName"]);
    expect(j.items[0].photos).toEqual([]); // issue 17: only photos the coordinator published
    const q = await (await fetch(`${server.url}/api/v1/public-answers?q=${encodeURIComponent("ngập nước")}`)).json();
    expect(q.total).toBe(2);
    expect((await fetch(`${server.url}/api/v1/public-answers?page=0`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/public-answers?page=abc`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/public-answers?q=${"x".repeat(201)}`)).status).toBe(400);
    // The page falls back to page 1 for an address typed by hand.
    expect((await page("/cong-khai?page=abc")).status).toBe(200);
  });
});
