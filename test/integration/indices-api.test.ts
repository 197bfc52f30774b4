// GET /api/v1/indices against figures computed by hand from a small dataset submitted through the API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kioskHeaders, NO_DEVICE_FLAGS } from "../helpers/devices";
import { getJson, postJson, startServer, type TestServer } from "../helpers/server";

let server: TestServer;

type Answers = Record<string, number | null>;
interface Submission {
  key: string;
  questionnaire: "sipas" | "sipas-kiosk";
  channel: "online" | "paper" | "kiosk";
  point: string;
  at: string;
  answers: Answers;
}

/**
 * The dataset. Units: MC-BMT is the district desk of BMT, MC-BMT-TANLOI the desk of commune
 * BMT-TANLOI inside BMT, MC-KBU the desk of district KBU, TTPVHCC-DLK the provincial centre,
 * MC-EKA the desk of district EKA.
 */
const DATA: Submission[] = [
  // 2025, online (questionnaire sipas)
  { key: "idx-r1-2025", questionnaire: "sipas", channel: "online", point: "MC-BMT", at: "2025-03-10T09:00:00+07:00",
    answers: { "access.1": 5, "access.2": 4, "access.3": 2, "procedures.1": 5, "servants.1": 3, "results.1": 4, "feedback.1": null } },
  { key: "idx-r2-2025", questionnaire: "sipas", channel: "online", point: "MC-BMT-TANLOI", at: "2025-03-11T10:00:00+07:00",
    answers: { "access.1": 3, "access.2": null, "access.3": 5, "procedures.1": 2, "servants.1": 4, "results.1": 5, "feedback.1": 5 } },
  { key: "idx-r3-2025", questionnaire: "sipas", channel: "online", point: "MC-KBU", at: "2025-04-02T14:30:00+07:00",
    answers: { "access.1": 4, "access.2": 1, "procedures.1": 4, "servants.1": 5, "results.1": 1, "feedback.1": 2 } },
  { key: "idx-r4-2025", questionnaire: "sipas", channel: "online", point: "TTPVHCC-DLK", at: "2025-05-20T08:15:00+07:00",
    answers: { "access.4": 5, "procedures.1": null, "feedback.2": null } },
  // 2025, kiosk (questionnaire sipas-kiosk: one question per sub-index)
  { key: "idx-k1-2025", questionnaire: "sipas-kiosk", channel: "kiosk", point: "MC-BMT", at: "2025-03-12T09:45:00+07:00",
    answers: { "kiosk.access": 5, "kiosk.procedures": 2, "kiosk.servants": 4, "kiosk.results": 4, "kiosk.feedback": 1 } },
  // The year boundary, paper forms at MC-EKA: 2024-12-31T18:00Z is 01:00 on 1 January 2025 in
  // Vietnam (UTC+7); 2024-12-31T16:59:59Z is 23:59:59 on 31 December 2024.
  { key: "idx-yb1-2025", questionnaire: "sipas", channel: "paper", point: "MC-EKA", at: "2024-12-31T18:00:00Z", answers: { "access.1": 5 } },
  { key: "idx-yb2-2024", questionnaire: "sipas", channel: "paper", point: "MC-EKA", at: "2024-12-31T16:59:59Z", answers: { "procedures.1": 5, "procedures.2": 5 } },
  // 2024, online at the provincial centre
  ...[1, 2, 3].map((i): Submission => ({
    key: `idx-p${i}-2024`, questionnaire: "sipas", channel: "online", point: "TTPVHCC-DLK", at: `2024-0${i + 3}-15T10:00:00+07:00`,
    answers: { "procedures.1": 5, "procedures.2": 4 },
  })),
];

const Z = 1.959963984540054;

beforeAll(async () => {
  server = await startServer({ env: NO_DEVICE_FLAGS });
  for (const s of DATA) {
    const r = await postJson(`${server.url}/api/v1/responses`, {
      questionnaire: s.questionnaire, servicePoint: s.point, channel: s.channel, answers: s.answers, idempotencyKey: s.key, submittedAt: s.at,
    }, s.channel === "kiosk" ? await kioskHeaders(server, s.point) : {});
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
});
afterAll(async () => {
  await server?.stop();
});

function lookup(node: any, code: string): any {
  if (node.code === code) return node;
  for (const c of node.children ?? []) {
    const f = lookup(c, code);
    if (f) return f;
  }
  return null;
}
function find(node: any, code: string): any {
  const f = lookup(node, code);
  if (!f) throw new Error(`no node ${code}`);
  return f;
}

async function sipas(query: string) {
  const { status, json } = await getJson(`${server.url}/api/v1/indices?${query}`);
  expect(status, JSON.stringify(json)).toBe(200);
  expect(json.nodes).toHaveLength(1);
  expect(json.nodes[0].code).toBe("SIPAS");
  return json.nodes[0];
}

/** Every node with a value has an interval inside [0, 1] that contains the value. */
function checkIntervals(node: any) {
  if (node.value === null) {
    expect(node.ciLow).toBeNull();
    expect(node.ciHigh).toBeNull();
  } else {
    expect(node.ciLow, node.code).toBeGreaterThanOrEqual(0);
    expect(node.ciHigh, node.code).toBeLessThanOrEqual(1);
    expect(node.ciLow, node.code).toBeLessThanOrEqual(node.value + 1e-12);
    expect(node.value, node.code).toBeLessThanOrEqual(node.ciHigh + 1e-12);
  }
  for (const c of node.children) checkIntervals(c);
}

const close = (actual: number | null, expected: number) => {
  expect(actual).not.toBeNull();
  expect(actual!).toBeCloseTo(expected, 10);
};

describe("GET /api/v1/indices", () => {
  it("scores the province, all channels, 2025 (criteria, sub-indices, SIPAS, n)", async () => {
    const s = await sipas("year=2025");
    // access.1: 5, 3, 4 (online) and 5 (paper, 1 January local) → 3 satisfied of 4
    close(find(s, "access.1").value, 3 / 4);
    expect(find(s, "access.1").n).toBe(4);
    close(find(s, "access.2").value, 1 / 2); // 4, 1 (N/A of r2 excluded)
    expect(find(s, "access.2").n).toBe(2);
    close(find(s, "access.3").value, 1 / 2); // 2, 5
    close(find(s, "access.4").value, 1); // 5
    close(find(s, "kiosk.access").value, 1); // 5
    expect(find(s, "procedures.2").value).toBeNull(); // nobody answered it in 2025
    // access = mean(3/4, 1/2, 1/2, 1, 1); every one of the 6 respondents answered something under it
    close(find(s, "access").value, 0.75);
    expect(find(s, "access").n).toBe(6);
    // procedures = mean(procedures.1 = 2/3 [5, 2, 4; r4's N/A excluded], kiosk.procedures = 0 [2])
    close(find(s, "procedures.1").value, 2 / 3);
    close(find(s, "procedures").value, 1 / 3);
    expect(find(s, "procedures").n).toBe(4);
    close(find(s, "servants").value, 5 / 6); // mean(2/3 [3, 4, 5], 1 [4])
    close(find(s, "results").value, 5 / 6); // mean(2/3 [4, 5, 1], 1 [4])
    // feedback = mean(feedback.1 = 1/2 [5, 2], kiosk.feedback = 0 [1]); feedback.2 only N/A
    close(find(s, "feedback").value, 1 / 4);
    expect(find(s, "feedback").n).toBe(3);
    expect(find(s, "feedback.2").value).toBeNull();
    // SIPAS = mean(3/4, 1/3, 5/6, 5/6, 1/4) = 180/300
    close(s.value, 0.6);
    expect(s.n).toBe(6);
    checkIntervals(s);
  });

  it("filters by channel", async () => {
    const online = await sipas("year=2025&channel=online");
    // access = mean(2/3, 1/2, 1/2, 1); procedures, servants, results = 2/3; feedback = 1/2
    close(find(online, "access").value, 2 / 3);
    close(find(online, "procedures").value, 2 / 3);
    expect(find(online, "procedures").n).toBe(3);
    close(find(online, "feedback").value, 1 / 2);
    expect(find(online, "feedback").n).toBe(2);
    close(online.value, 19 / 30);
    expect(online.n).toBe(4);
    expect(find(online, "kiosk.access").value).toBeNull();

    const kiosk = await sipas("year=2025&channel=kiosk");
    close(kiosk.value, 3 / 5); // mean(1, 0, 1, 1, 0)
    expect(kiosk.n).toBe(1);
    expect(find(kiosk, "access.1").value).toBeNull();

    const phone = await sipas("year=2025&channel=phone");
    expect(phone.value).toBeNull();
    expect(phone.n).toBe(0);
  });

  it("counts a unit's subtree: a commune's desk in its district and the province, not in another district", async () => {
    // BMT = MC-BMT (r1, k1) + the commune desk MC-BMT-TANLOI (r2)
    const bmt = await sipas("year=2025&unit=BMT");
    expect(bmt.n).toBe(3);
    close(find(bmt, "access.1").value, 1 / 2); // 5, 3
    close(find(bmt, "access").value, 3 / 4); // mean(1/2, 1, 1/2, 1); access.4 has no data here
    expect(find(bmt, "access.4").value).toBeNull();
    close(find(bmt, "procedures").value, 1 / 4); // mean(1/2, 0)
    close(find(bmt, "servants").value, 3 / 4); // mean(1/2, 1)
    close(find(bmt, "results").value, 1); // mean(1, 1)
    close(find(bmt, "feedback").value, 1 / 2); // mean(1 [5], 0 [1])
    expect(find(bmt, "feedback").n).toBe(2);
    close(bmt.value, 0.65);
    checkIntervals(bmt);

    const commune = await sipas("year=2025&unit=BMT-TANLOI");
    expect(commune.n).toBe(1);
    close(commune.value, 0.7); // mean(1/2, 0, 1, 1, 1)

    const kbu = await sipas("year=2025&unit=KBU");
    expect(kbu.n).toBe(1); // r3 only: the BMT commune desk is not in KBU
    close(kbu.value, 0.5); // mean(1/2, 1, 1, 0, 0)

    const empty = await sipas("year=2025&unit=CMG");
    expect(empty.n).toBe(0);
    expect(empty.value).toBeNull();

    const { json } = await getJson(`${server.url}/api/v1/indices?year=2025&unit=BMT-TANLOI`);
    expect(json.scope).toMatchObject({ unit: "BMT-TANLOI", level: "commune", year: 2025, servicePoints: 1 });
  });

  it("puts a response in the year of its Vietnam-time date (UTC+7)", async () => {
    const p2025 = await sipas("year=2025&channel=paper");
    expect(p2025.n).toBe(1);
    close(find(p2025, "access.1").value, 1);
    expect(find(p2025, "procedures").value).toBeNull();
    const p2024 = await sipas("year=2024&channel=paper");
    expect(p2024.n).toBe(1);
    close(find(p2024, "procedures").value, 1);
    expect(find(p2024, "access").value).toBeNull();
    expect((await sipas("year=2025&unit=EKA")).n).toBe(1);
    expect((await sipas("year=2024&unit=EKA")).n).toBe(1);
  });

  it("shows 2024 targets: procedures has an absolute 85% target and a status from its interval", async () => {
    const s = await sipas("year=2024");
    // procedures.1 and procedures.2: 4 answers each (3 online, 1 paper), all satisfied
    const q = find(s, "procedures.1");
    close(q.value, 1);
    expect(q.n).toBe(4);
    close(q.ciLow, 4 / (4 + Z * Z)); // Wilson interval of 4 out of 4
    close(q.ciHigh, 1);
    const p = find(s, "procedures");
    close(p.value, 1);
    expect(p.n).toBe(4);
    expect(p.target).toMatchObject({ kind: "absolute", value: 0.85, threshold: 0.85, baselineSource: "stated", baseline: 0.8157, scope: "DLK" });
    expect(p.ciLow).toBeGreaterThanOrEqual(0);
    expect(p.ciHigh).toBeLessThanOrEqual(1);
    expect(p.ciLow).toBeLessThanOrEqual(p.value);
    expect(p.value).toBeLessThanOrEqual(p.ciHigh);
    // Four respondents who all scored 1: the interval is the Wilson interval of 4 out of 4, which straddles 85%,
    // and 4 is below the minimum sample: no verdict, whatever the value (app/domain/verdict.ts).
    close(p.ciLow, 4 / (4 + Z * Z));
    expect(p.status).toBe("insufficient");
    expect(p.verdict).toMatchObject({ status: "insufficient", n: 4, threshold: 0.85 });
    expect(p.pointsVerdict?.status ?? "insufficient").toBe("insufficient");
    // A sub-index with no data has no status against its target.
    expect(find(s, "access").status).toBe("no_data");
    expect(s.target).toMatchObject({ kind: "absolute", value: 0.85 });
    checkIntervals(s);

    // A district inherits the province's target.
    const eka = await sipas("year=2024&unit=EKA");
    expect(find(eka, "procedures").target).toMatchObject({ kind: "absolute", value: 0.85, scope: "DLK" });

    // 2025 has no targets; its previous value is 2024's.
    const next = await sipas("year=2025");
    expect(find(next, "procedures").target).toBeNull();
    expect(find(next, "procedures").status).toBe("insufficient");
    close(find(next, "procedures").previous, 1);
  });

  it("refuses a bad year (400, fields.year), an unknown unit (404) and a bad channel (400)", async () => {
    for (const year of ["abc", "1999", "2024.5", "20245"]) {
      const { status, json } = await getJson(`${server.url}/api/v1/indices?year=${year}`);
      expect(status, year).toBe(400);
      expect(json.error.code).toBe("invalid_input");
      expect(json.error.fields.year).toMatch(/Năm/);
    }
    const unit = await getJson(`${server.url}/api/v1/indices?year=2025&unit=KHONGCO`);
    expect(unit.status).toBe(404);
    expect(unit.json.error.code).toBe("not_found");
    expect(unit.json.error.message).toMatch(/đơn vị/);
    expect(unit.json.error.fields.unit).toContain("KHONGCO");
    const channel = await getJson(`${server.url}/api/v1/indices?year=2025&channel=fax`);
    expect(channel.status).toBe(400);
    expect(channel.json.error.fields.channel).toBeTruthy();
  });
});
