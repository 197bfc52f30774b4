import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { loginCookie } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

// Issue 15, part 5: the citizens' own words on /y-kien and /y-kien.csv — scoped, filtered, masked.

let server: TestServer;
let trackingCode = "";
let feedbackId = 0;
const PERSONAL = "Tôi là Nguyễn Văn An, số điện thoại 0912 345 678, email an.nguyen@gmail.com, CCCD 079123456789, hồ sơ H15.01-261204-0001 bị trả lại ba lần.";
const good = { "kiosk.access": 4, "kiosk.procedures": 5, "kiosk.servants": 4, "kiosk.results": 5, "kiosk.feedback": null };
let n = 0;
const body = (point: string, answers: Record<string, number | null>, extra: Record<string, unknown> = {}) => ({
  questionnaire: "sipas-kiosk", servicePoint: point, channel: "kiosk", answers,
  idempotencyKey: `comments-test-${++n}`, submittedAt: new Date(Date.now() - n * 60_000).toISOString(), ...extra,
});

beforeAll(async () => {
  server = await startServer();
  const db = createDb(server.dbPath);
  try {
    // Buôn Ma Thuột: a low rating with personal data → a feedback item (kiosk follow-up).
    const low = await submitResponse(db, body("MC-BMT", { ...good, "kiosk.procedures": 1 }, { comment: PERSONAL }));
    trackingCode = low.trackingCode!;
    feedbackId = (await db.selectFrom("feedback_item").select("id").where("tracking_code", "=", trackingCode).executeTakeFirstOrThrow()).id;
    // Buôn Ma Thuột: a good rating with a plain comment; Ea Kar: another; one excluded; one without words.
    await submitResponse(db, body("MC-BMT", good, { comment: "Cán bộ nhiệt tình, chờ 5 phút là xong." }));
    const eka = await submitResponse(db, body("MC-EKA", good, { comment: "Ea Kar phục vụ tốt, năm 2024 tốt hơn." }));
    // An open question's answer (answer_text), as a designer questionnaire with a text question stores it.
    const question = await db.selectFrom("question as q").innerJoin("questionnaire_version as v", "v.id", "q.version_id").innerJoin("questionnaire as qn", "qn.id", "v.questionnaire_id")
      .select(["q.id"]).where("qn.code", "=", "sipas-kiosk").where("q.code", "=", "kiosk.access").executeTakeFirstOrThrow();
    await db.insertInto("answer_text").values({ response_id: eka.id, question_id: question.id, text: "Nhờ chị Trần Thị Lan gọi lại số 0905.123.456." }).execute();
    const excluded = await submitResponse(db, body("MC-BMT", good, { comment: "Phiếu này đã bị loại khỏi chỉ số." }));
    await db.updateTable("response").set({ excluded: 1 }).where("id", "=", excluded.id).execute();
    await submitResponse(db, body("MC-BMT", good));
  } finally {
    await db.destroy();
  }
});
afterAll(async () => server?.stop());

const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });

describe("Ý kiến người dân (/y-kien)", () => {
  it("sends an anonymous visitor to sign in, for the page and the CSV", async () => {
    for (const path of ["/y-kien", "/y-kien.csv"]) {
      const res = await get(path);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/dang-nhap\?next=/);
    }
  });

  it("lists the province's comments, masked, with ratings, channel labels and the feedback item, for the province leader", async () => {
    const html = await (await get("/y-kien", await loginCookie(server.url, "lanhdao.tinh"))).text();
    expect(html).toContain("Ý kiến người dân");
    expect(html).toContain("[họ tên]");
    expect(html).toContain("[số điện thoại]");
    expect(html).toContain("[email]");
    expect(html).toContain("[số CCCD/CMND]");
    expect(html).toContain("[mã hồ sơ]");
    for (const secret of ["Nguyễn Văn An", "0912 345 678", "an.nguyen@gmail.com", "079123456789", "H15.01-261204-0001"]) expect(html).not.toContain(secret);
    expect(html).toContain("chờ 5 phút là xong");
    expect(html).toContain("Ea Kar phục vụ tốt, năm 2024 tốt hơn.");
    expect(html).toContain("Nhờ chị [họ tên] gọi lại số [số điện thoại].");
    expect(html).not.toContain("0905.123.456");
    expect(html).not.toContain("đã bị loại khỏi chỉ số");
    expect(html).toContain("Kiosk tại Bộ phận Một cửa");
    expect(html).toContain(`href="/hop-thu/${feedbackId}"`);
    expect(html).toContain(trackingCode);
    expect(html).toContain("3 phiếu có ý kiến");
    expect(html).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    // The lowest-rated first when asked; the rating filter is on the lowest rating.
    const low = await (await get("/y-kien?rating=1", await loginCookie(server.url, "lanhdao.tinh"))).text();
    expect(low).toContain("1 phiếu có ý kiến");
    expect(low).toContain("[số điện thoại]");
    expect(low).not.toContain("chờ 5 phút");
    const desk = await (await get("/y-kien?unit=EKA&point=MC-EKA&channel=kiosk", await loginCookie(server.url, "lanhdao.tinh"))).text();
    expect(desk).toContain("Ea Kar phục vụ tốt");
    expect(desk).not.toContain("chờ 5 phút");
    // A criterion: ratings and the rating filter then count only its questions.
    const procedures = await (await get("/y-kien?criterion=procedures&rating=1", await loginCookie(server.url, "lanhdao.tinh"))).text();
    expect(procedures).toContain("1 phiếu có ý kiến");
    expect(procedures).toContain("tiêu chí “Chỉ số hài lòng về thủ tục hành chính”");
    const servants = await (await get("/y-kien?criterion=servants&rating=1", await loginCookie(server.url, "lanhdao.tinh"))).text();
    expect(servants).toContain("không có ý kiến nào khớp bộ lọc");
    const none = await (await get("/y-kien?year=2001", await loginCookie(server.url, "lanhdao.tinh"))).text();
    expect(none).toContain("không có ý kiến nào khớp bộ lọc");
  });

  it("shows a unit leader only their unit's comments, and refuses another unit (403)", async () => {
    const cookie = await loginCookie(server.url, "lanhdao.bmt");
    const res = await get("/y-kien", cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("chờ 5 phút là xong");
    expect(html).toContain("[số điện thoại]");
    expect(html).not.toContain("Ea Kar phục vụ tốt");
    expect((await get("/y-kien?unit=EKA", cookie)).status).toBe(403);
    expect((await get("/y-kien?unit=DLK", cookie)).status).toBe(403);
    expect((await get("/y-kien.csv?unit=EKA", cookie)).status).toBe(403);
    // A desk of another unit is not in the scope's desks: 404, never its comments.
    const other = await get("/y-kien?point=MC-EKA", cookie);
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain("Ea Kar phục vụ tốt");
  });

  it("exports the filtered list as CSV with Vietnamese headers, dd/mm/yyyy dates and masked text", async () => {
    const res = await get("/y-kien.csv", await loginCookie(server.url, "lanhdao.tinh"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="y-kien-DLK\.csv"/);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split("\r\n");
    expect(lines[0]).toBe("Ngày,Đơn vị,Điểm phục vụ,Kênh,Mức đánh giá thấp nhất,Mức đánh giá trung bình,Câu hỏi,Ý kiến (đã che thông tin cá nhân),Mã phản ánh");
    expect(lines).toHaveLength(5); // one line per text: the Ea Kar response has a comment and an open answer
    for (const line of lines.slice(1)) expect(line).toMatch(/^\d{2}\/\d{2}\/\d{4},/);
    expect(text).toContain("[số điện thoại]");
    expect(text).toContain("[mã hồ sơ]");
    expect(text).toContain(trackingCode);
    expect(text).toContain("Kiosk tại Bộ phận Một cửa");
    expect(text).toContain("Ý kiến chung");
    for (const secret of ["Nguyễn Văn An", "0912 345 678", "an.nguyen@gmail.com", "079123456789", "H15.01-261204-0001", "đã bị loại", "Trần Thị Lan", "0905.123.456"]) expect(text).not.toContain(secret);
    // Audited like the other exports: who, which scope, how many rows.
    const db = createDb(server.dbPath);
    try {
      const row = await db.selectFrom("audit_log").selectAll().where("action", "=", "export.comments").orderBy("id", "desc").executeTakeFirstOrThrow();
      expect(row.entity_id).toBe("DLK");
      expect(JSON.parse(row.after_json ?? "{}")).toMatchObject({ dataset: "y-kien", rows: 3, masked: true });
    } finally {
      await db.destroy();
    }
    const bmt = new TextDecoder().decode(await (await get("/y-kien.csv", await loginCookie(server.url, "lanhdao.bmt"))).arrayBuffer());
    expect(bmt).not.toContain("Ea Kar");
    expect(bmt).toContain("chờ 5 phút");
  });

  it("answers a bad filter with 400 and a Vietnamese message, never a 5xx", async () => {
    const cookie = await loginCookie(server.url, "lanhdao.tinh");
    const cases: Array<[string, RegExp]> = [
      ["/y-kien?rating=9", /Mức đánh giá từ 1 đến 5/],
      ["/y-kien?channel=fax", /Kênh không hợp lệ/],
      ["/y-kien?year=abc", /Năm phải là số/],
      ["/y-kien?month=13&year=2024", /Tháng từ 1 đến 12/],
      ["/y-kien?month=3", /Chọn năm khi lọc theo tháng/],
      ["/y-kien?page=-1", /Trang từ 1/],
      ["/y-kien?unit=%3Cscript%3E", /Mã không hợp lệ/],
      ["/y-kien.csv?rating=0", /Mức đánh giá từ 1 đến 5/],
    ];
    for (const [path, message] of cases) {
      const res = await get(path, cookie);
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toMatch(message);
    }
    const criterion = await get("/y-kien?criterion=khong-co", cookie);
    expect(criterion.status).toBe(400);
    expect(await criterion.text()).toContain("Không có tiêu chí này");
    expect((await get("/y-kien?unit=KHONGCO", cookie)).status).toBe(404);
    expect((await get("/y-kien?point=KHONGCO", cookie)).status).toBe(404);
    // A page past the end shows the last page.
    expect((await get("/y-kien?page=999", cookie)).status).toBe(200);
  });
});
