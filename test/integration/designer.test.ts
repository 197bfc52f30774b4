// The questionnaire designer over real HTTP (SQLite, or PostgreSQL under npm run test:postgres):
// export → import round trip, the publish freeze, invalid files, the published JSON Schema, and
// a new-type questionnaire answered through the public API.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie, withSession } from "../helpers/auth";
import { postJson, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let cookie: string;

beforeAll(async () => {
  server = await startServer();
  cookie = await loginCookie(server.url, "admin");
});
afterAll(async () => server?.stop());

/** A form post as the browser's script sends it (?_data=…): a refusal answers JSON. */
async function post(path: string, fields: Record<string, string>) {
  const route = path === "/quan-tri/bang-hoi" ? "routes/quan-tri.bang-hoi._index" : "routes/quan-tri.bang-hoi.$id";
  return fetch(`${server.url}${path}?_data=${encodeURIComponent(route)}`, withSession(server.url, cookie, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  }));
}
const idFrom = (res: Response) => Number(/\/quan-tri\/bang-hoi\/(\d+)/.exec(res.headers.get("x-remix-redirect") ?? res.headers.get("location") ?? "")?.[1]);
async function exportFile(id: number) {
  const res = await fetch(`${server.url}/quan-tri/bang-hoi/xuat/${id}`, withSession(server.url, cookie));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-disposition")).toMatch(/attachment; filename=".+\.json"/);
  return res.json();
}

describe("questionnaire designer", () => {
  it("imports every sector template, and a questionnaire round-trips through export and import unchanged", async () => {
    for (const t of ["y-te", "truong-tieu-hoc", "papi", "thong-tu-01"]) {
      const res = await post("/quan-tri/bang-hoi", { intent: "template", template: t });
      expect(res.status, t).toBe(204);
      const id = idFrom(res);
      const file = await exportFile(id);
      const original = JSON.parse(fs.readFileSync(`db/seed/templates/${t}.json`, "utf8"));
      expect(JSON.stringify(file, null, 1), t).toBe(JSON.stringify(original, null, 1));
      // Import the exported file again: a new draft of the same questionnaire, identical on export.
      const again = await post("/quan-tri/bang-hoi", { intent: "import", json: JSON.stringify(file) });
      expect(again.status).toBe(204);
      const id2 = idFrom(again);
      expect(id2).not.toBe(id);
      expect(await exportFile(id2)).toEqual(file);
    }
  });

  it("publishing freezes a version: edits answer 409 and a new draft is made instead", async () => {
    const created = await post("/quan-tri/bang-hoi", { intent: "create", code: "dong-bang", slug: "dong-bang", name: "Bảng hỏi thử khóa", index: "SIPAS" });
    expect(created.status).toBe(204);
    const id = idFrom(created);
    const q = { intent: "question", code: "db.1", type: "yes_no", node: "servants", text: "Cán bộ có đúng hẹn không?", textEn: "Was the officer on time?", yesScore: "1", noScore: "0" };
    expect((await post(`/quan-tri/bang-hoi/${id}`, q)).status).toBe(204);
    expect((await post(`/quan-tri/bang-hoi/${id}`, { intent: "publish" })).status).toBe(204);

    const edit = await post(`/quan-tri/bang-hoi/${id}`, { ...q, previous: "db.1", text: "Sửa sau khi phát hành" });
    expect(edit.status).toBe(409);
    expect((await edit.json()).message).toMatch(/đã phát hành nên không thể sửa/);
    expect((await post(`/quan-tri/bang-hoi/${id}`, { intent: "meta", name: "Đổi tên", channels: "online" })).status).toBe(409);
    expect((await post(`/quan-tri/bang-hoi/${id}`, { intent: "remove", code: "db.1" })).status).toBe(409);
    expect((await exportFile(id)).questions[0].text).toBe("Cán bộ có đúng hẹn không?");

    const draft = await post(`/quan-tri/bang-hoi/${id}`, { intent: "draft" });
    expect(draft.status).toBe(204);
    const draftId = idFrom(draft);
    expect(draftId).not.toBe(id);
    expect((await post(`/quan-tri/bang-hoi/${draftId}`, { ...q, previous: "db.1", text: "Cán bộ có trả kết quả đúng hẹn không?" })).status).toBe(204);
    expect((await exportFile(draftId)).questions[0].text).toBe("Cán bộ có trả kết quả đúng hẹn không?");
    expect((await exportFile(id)).questions[0].text).toBe("Cán bộ có đúng hẹn không?");
  });

  it("refuses invalid files with Vietnamese errors naming the path, and stores nothing", async () => {
    const good = JSON.parse(fs.readFileSync("db/seed/templates/thong-tu-01.json", "utf8"));
    const before = (await fetch(`${server.url}/quan-tri/bang-hoi`, withSession(server.url, cookie)).then((r) => r.text())).match(/Phiên bản \d+/g)?.length;
    const cases: Array<[string, unknown, string, RegExp]> = [
      ["not JSON", "{oops", "(tệp)", /không đọc được dưới dạng JSON/],
      ["a choice with one option", { ...good, code: "x1", slug: "x1", questions: [{ ...good.questions[0], options: [good.questions[0].options[0]] }] }, "questions.0.options", /ít nhất 2 phương án/],
      ["a score above 1", { ...good, code: "x2", slug: "x2", questions: [{ ...good.questions[0], options: [{ label: "A", score: 2 }, { label: "B", score: 0 }] }] }, "questions.0.options.0.score", /từ 0 đến 1/],
      ["an unknown type", { ...good, code: "x3", slug: "x3", questions: [{ ...good.questions[0], type: "slider" }] }, "questions.0.type", /Loại câu hỏi phải là một trong/],
      ["a question on a missing node", { ...good, code: "x4", slug: "x4", questions: [{ ...good.questions[0], node: "khong-co" }] }, "questions.0.node", /không có trong cây chỉ số/],
      ["a bad slug", { ...good, code: "x5", slug: "Có Dấu" }, "slug", /chữ thường không dấu/],
      ["a wrong format", { ...good, format: "v2" }, "format", /format phải là/],
    ];
    for (const [name, body, path, msg] of cases) {
      const res = await post("/quan-tri/bang-hoi", { intent: "import", json: typeof body === "string" ? body : JSON.stringify(body) });
      expect(res.status, name).toBe(422);
      const data = await res.json();
      expect(data.fields[path], `${name}: ${JSON.stringify(data.fields)}`).toMatch(msg);
      expect(data.message).toMatch(/^Tệp (bảng hỏi chưa hợp lệ|không phải JSON)/);
    }
    const after = (await fetch(`${server.url}/quan-tri/bang-hoi`, withSession(server.url, cookie)).then((r) => r.text())).match(/Phiên bản \d+/g)?.length;
    expect(after).toBe(before);
  });

  it("publishes the questionnaire JSON Schema derived from the zod schema", async () => {
    const res = await fetch(`${server.url}/api/v1/schemas/questionnaire.json`);
    expect(res.status).toBe(200);
    const schema = await res.json();
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.required).toEqual(expect.arrayContaining(["format", "code", "slug", "name", "channels", "index", "questions"]));
    expect(schema.properties.questions.items.properties.type.enum).toEqual(["likert5", "yes_no", "choice", "number", "text"]);
  });

  it("a published questionnaire of new types takes typed answers through the API and counts them in its index", async () => {
    const res = await post("/quan-tri/bang-hoi", { intent: "template", template: "thong-tu-01" });
    const id = idFrom(res);
    // An earlier test left a draft of this questionnaire: publish this one.
    expect((await post(`/quan-tri/bang-hoi/${id}`, { intent: "publish" })).status).toBe(204);
    const answers = { "tt01.total_time": 1, "tt01.agency_time": 2, "tt01.contacts": 1, "tt01.agencies": 1, "tt01.one_stop": 1, "tt01.publication": 1, "tt01.attitude": 1, "tt01.feedback": 3, "tt01.online": 2 };
    const bad = await postJson(`${server.url}/api/v1/responses`, { questionnaire: "thong-tu-01", servicePoint: "MC-BMT", channel: "online", answers: { ...answers, "tt01.online": 4 }, idempotencyKey: "tt01-bad-0001" });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields["answers.tt01.online"]).toMatch(/từ 1 đến 3/);
    const ok = await postJson(`${server.url}/api/v1/responses`, { questionnaire: "thong-tu-01", servicePoint: "MC-BMT", channel: "online", answers, idempotencyKey: "tt01-ok-0001" });
    expect(ok.status, ok.text).toBe(201);
    const page = await fetch(`${server.url}/quan-tri/bang-hoi/${id}`, withSession(server.url, cookie)).then((r) => r.text());
    expect(page).toMatch(/Số phiếu đã nhận: <strong>1<\/strong>/);
    // From the rollups: 2 points on six indices, 1 on agency_time and online, 0 on feedback → 14 of 18: good.
    expect(page).toMatch(/Tổng: <strong>14 \/ 18 điểm<\/strong>.*Tốt/s);
  });
});
