// Paper forms imported from CSV by the real CLI (npx tsx scripts/import-csv.ts) into the database
// of a running server, then read back through GET /api/v1/indices.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.server";
import { csvText, importPaperCsv } from "../../app/services/surveys/import.server";
import { formatImportError } from "../../app/platform/csv.server";
import { getJson, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const HEADER = [
  "respondent_id", "service_point", "submitted_at", "procedure_field",
  "access.1", "access.2", "access.3", "access.4",
  "procedures.1", "procedures.2", "procedures.3", "procedures.4", "procedures.5",
  "servants.1", "servants.2", "servants.3", "servants.4", "servants.5", "servants.6",
  "results.1", "results.2", "results.3",
  "feedback.1", "feedback.2", "feedback.3", "feedback.4",
];

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the real CLI as a child process against the test server's database file. */
function runImport(args: string[], dbPath = server.dbPath): Promise<CliResult> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const p = spawn("npx", ["tsx", "scripts/import-csv.ts", ...args], {
      cwd: path.resolve("."),
      env: { ...process.env, DATABASE_URL: dbPath },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
  });
}

function writeCsv(name: string, rows: string[][], opts: { bom?: boolean; eol?: string } = {}): string {
  const file = path.join(server.dir, name);
  const eol = opts.eol ?? "\n";
  const text = rows.map((r) => r.join(",")).join(eol) + eol;
  fs.writeFileSync(file, (opts.bom ? "\uFEFF" : "") + text, "utf8");
  return file;
}

function find(node: any, code: string): any {
  if (node.code === code) return node;
  for (const c of node.children ?? []) {
    const f = find(c, code);
    if (f) return f;
  }
  return null;
}

async function indices(query: string) {
  const { status, json } = await getJson(`${server.url}/api/v1/indices?${query}`);
  expect(status).toBe(200);
  return json.nodes[0];
}

const pad = (n: number, w = 4) => String(n).padStart(w, "0");

/**
 * The good file: 50 forms of 2024. Rows 0–19 at MC-BMT, 20–39 at TTPVHCC-DLK, 40–49 at the commune
 * desk MC-BMT-TANLOI (inside district BMT). Respondent ids repeat across points (G-0000 at MC-BMT and
 * at MC-BMT-TANLOI): they need only be unique per point.
 *   access.1 cycles 5,4,3,NA,2       → 20 satisfied of 40 applicable = 0.5
 *   access.2 is 5 for rows 0–29, else 1 → 30/50 = 0.6 (unit BMT: rows 0–19 and 40–49 → 20/30)
 *   access.3 is always NA            → no value
 *   access.4 cycles 4,4,4,2          → 12 rows at 2 → 38/50 = 0.76
 *   procedures.*, servants.*, results.* are 5 or 4 → 1
 *   feedback.1 is 3 on rows 0,10,…,40 (5 rows), else empty → 0/5 = 0, n = 5; feedback.2–4 empty
 *   access = mean(0.5, 0.6, 0.76) = 0.62; SIPAS = mean(0.62, 1, 1, 1, 0) = 0.724; n = 50
 */
function goodRows(): string[][] {
  const rows: string[][] = [HEADER];
  for (let i = 0; i < 50; i++) {
    const point = i < 20 ? "MC-BMT" : i < 40 ? "TTPVHCC-DLK" : "MC-BMT-TANLOI";
    const month = String(1 + (i % 12)).padStart(2, "0");
    const day = String(1 + (i % 28)).padStart(2, "0");
    const hm = `${String(8 + (i % 9)).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}`;
    const when =
      i === 49 ? "2024-12-31 23:30" // 16:30 UTC, still 2024 in Vietnam
      : i % 3 === 0 ? `2024-${month}-${day}`
      : i % 3 === 1 ? `2024-${month}-${day} ${hm}`
      : `2024-${month}-${day}T${hm}:00+07:00`;
    const answers = [
      ["5", "4", "3", "NA", "2"][i % 5],
      i < 30 ? "5" : "1",
      "NA",
      ["4", "4", "4", "2"][i % 4],
      ...Array.from({ length: 14 }, (_, k) => ((i + k) % 2 === 0 ? "5" : "4")),
      i % 10 === 0 ? "3" : "",
      "", "", "",
    ];
    rows.push([`G-${pad(i % 40)}`, point, when, i % 2 === 0 ? "ho-tich" : "", ...answers]);
  }
  return rows;
}

describe("npm run import: paper forms from CSV", () => {
  it("refuses to run without a file (exit 2)", async () => {
    const none = await runImport([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Thiếu tên tệp CSV");
    const missing = await runImport([path.join(server.dir, "khong-co.csv")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Không tìm thấy tệp");
  });

  it("migrates the database but does not load the demo province (exit 3 on an empty database)", async () => {
    const fresh = path.join(server.dir, "empty.db");
    const r = await runImport([path.resolve("test/fixtures/paper-forms-2023.csv")], fresh);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('chưa có bảng hỏi "sipas"');
    const db = createDb(fresh);
    try {
      const units = await db.selectFrom("admin_unit").select("id").execute();
      expect(units).toHaveLength(0);
      expect(await db.selectFrom("response").select("id").execute()).toHaveLength(0);
    } finally {
      await db.destroy();
    }
  });

  it("imports a good file of 50 forms, and the indices show them", async () => {
    const file = writeCsv("good.csv", goodRows());
    const r = await runImport([file]);
    expect(r.stderr).not.toMatch(/Dòng \d+/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Phiếu mới đã lưu: 50");
    expect(r.stdout).toContain("Đã có từ trước (bỏ qua): 0");
    expect(r.stdout).toMatch(/MC-BMT \(.+\): 20 mới, 0 đã có/);
    expect(r.stdout).toMatch(/TTPVHCC-DLK \(.+\): 20 mới, 0 đã có/);
    expect(r.stdout).toMatch(/MC-BMT-TANLOI \(.+\): 10 mới, 0 đã có/);
    expect(r.stdout).toMatch(/Thời gian: [\d,.]+ giây/);

    const sipas = await indices("year=2024&channel=paper");
    expect(sipas.n).toBe(50);
    expect(find(sipas, "access.1").value).toBeCloseTo(0.5, 10);
    expect(find(sipas, "access.1").n).toBe(40);
    expect(find(sipas, "access.2").value).toBeCloseTo(0.6, 10);
    expect(find(sipas, "access.3").value).toBeNull();
    expect(find(sipas, "access.4").value).toBeCloseTo(0.76, 10);
    expect(find(sipas, "access").value).toBeCloseTo(0.62, 10);
    expect(find(sipas, "procedures").value).toBeCloseTo(1, 10);
    expect(find(sipas, "feedback.1").value).toBe(0);
    expect(find(sipas, "feedback").n).toBe(5);
    expect(sipas.value).toBeCloseTo(0.724, 10);

    // Unit BMT holds MC-BMT and its commune desk MC-BMT-TANLOI; the provincial centre is not in it.
    const bmt = await indices("year=2024&channel=paper&unit=BMT");
    expect(bmt.n).toBe(30);
    expect(find(bmt, "access.2").value).toBeCloseTo(20 / 30, 10);
    expect((await indices("year=2024&channel=paper&unit=BMT-TANLOI")).n).toBe(10);
    // Other channels and years are untouched; 2024-12-31 23:30 Vietnam time is still 2024.
    expect((await indices("year=2024&channel=online")).n).toBe(0);
    expect((await indices("year=2025&channel=paper")).n).toBe(0);
  });

  it("stores the same file only once when it is imported again", async () => {
    const r = await runImport([path.join(server.dir, "good.csv")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Phiếu mới đã lưu: 0");
    expect(r.stdout).toContain("Đã có từ trước (bỏ qua): 50");
    expect(r.stdout).toMatch(/MC-BMT \(.+\): 0 mới, 20 đã có/);
    expect((await indices("year=2024&channel=paper")).n).toBe(50);
  });

  // Six good forms (new respondent ids, so they would be stored) and one bad row or header.
  const fresh = (tag: string): string[][] =>
    goodRows().slice(1, 7).map((r, i) => [`${tag}-${pad(i)}`, ...r.slice(1)]);
  const bad: Array<{ name: string; rows: () => string[][]; expected: string[] }> = [
    {
      name: "a value of 7",
      rows: () => {
        const rows = [HEADER, ...fresh("V7")];
        rows[6][HEADER.indexOf("access.3")] = "7";
        return rows;
      },
      expected: ["Dòng 7, cột access.3: Câu trả lời phải là số 1–5"],
    },
    {
      name: "an unknown service point",
      rows: () => {
        const rows = [HEADER, ...fresh("SP")];
        rows[2][1] = "MC-KHONGCO";
        return rows;
      },
      expected: ['Dòng 3, cột service_point: Không có điểm phục vụ đang hoạt động với mã "MC-KHONGCO".'],
    },
    {
      name: "a date that does not exist",
      rows: () => {
        const rows = [HEADER, ...fresh("DT")];
        rows[3][2] = "2024-02-30";
        return rows;
      },
      expected: ["Dòng 4, cột submitted_at: Ngày phải có dạng dd/mm/yyyy"],
    },
    {
      name: "a date in the future",
      rows: () => {
        const rows = [HEADER, ...fresh("FU")];
        rows[5][2] = "2099-01-01 08:00";
        return rows;
      },
      expected: ["Dòng 6, cột submitted_at: Ngày nộp phiếu không được ở tương lai."],
    },
    {
      name: "a respondent id twice at the same point",
      rows: () => {
        const rows = [HEADER, ...fresh("DU")];
        rows[4][0] = rows[1][0];
        rows[4][1] = rows[1][1];
        return rows;
      },
      expected: ["Dòng 5, cột respondent_id: Mã người trả lời bị trùng với dòng 2 (cùng điểm phục vụ)."],
    },
    {
      name: "an unknown column",
      rows: () => {
        const rows = [HEADER, ...fresh("UC")].map((r) => [...r]);
        rows[0].push("access.9");
        for (const r of rows.slice(1)) r.push("4");
        return rows;
      },
      expected: ['Dòng 1, cột access.9: Cột "access.9" không có trong bảng hỏi sipas'],
    },
    {
      name: "an unknown procedure field",
      rows: () => {
        const rows = [HEADER, ...fresh("PF")];
        rows[2][3] = "linh-vuc-la";
        return rows;
      },
      expected: ['Dòng 3, cột procedure_field: Không có lĩnh vực thủ tục với mã "linh-vuc-la".'],
    },
  ];

  for (const c of bad) {
    it(`refuses a file with ${c.name}: exit 1, the error with its row and column, nothing stored`, async () => {
      const file = writeCsv(`bad-${c.name.replace(/\W+/g, "-")}.csv`, c.rows());
      const r = await runImport([file]);
      expect(r.code).toBe(1);
      for (const line of c.expected) expect(r.stderr).toContain(line);
      expect(r.stderr.match(/^Dòng \d+/gm)).toHaveLength(c.expected.length);
      expect(r.stderr).toContain("Không có phiếu nào được lưu.");
      expect(r.stdout).not.toContain("Phiếu mới đã lưu");
      expect((await indices("year=2024&channel=paper")).n).toBe(50);
    });
  }

  it("lists every error of a file with many bad rows, in the CLI and in the use case's result", async () => {
    const rows = [[...HEADER, "access.9"], ...fresh("MX").map((r) => [...r, ""])];
    rows[2][HEADER.indexOf("access.3")] = "7"; // row 3
    rows[3][1] = "MC-KHONGCO"; // row 4
    rows[4][2] = "31/06/2024"; // row 5: June has 30 days
    rows[5][0] = rows[1][0]; // row 6: same id and point as row 2
    rows[6][HEADER.indexOf("servants.2")] = "3.5"; // row 7
    rows[6][0] = ""; // row 7 again
    const text = rows.map((r) => r.join(",")).join("\n") + "\n";
    const file = path.join(server.dir, "bad-many.csv");
    fs.writeFileSync(file, text);

    const db = createDb(server.dbPath);
    try {
      const result = await importPaperCsv(db, csvText(text));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.rows).toBe(6);
      expect(result.errors.map((e) => [e.row, e.column])).toEqual([
        [1, "access.9"],
        [3, "access.3"],
        [4, "service_point"],
        [5, "submitted_at"],
        [6, "respondent_id"],
        [7, "respondent_id"],
        [7, "servants.2"],
      ]);
      for (const e of result.errors) expect(e.message).toMatch(/[ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ]/i);

      const r = await runImport([file]);
      expect(r.code).toBe(1);
      for (const e of result.errors) expect(r.stderr).toContain(formatImportError(e));
      expect(r.stderr).toContain("Dòng 7, cột servants.2: Câu trả lời phải là số 1–5");
      expect(r.stderr).toContain("Dòng 7, cột respondent_id: Thiếu mã người trả lời (respondent_id).");
      expect(r.stderr).toContain("Không có phiếu nào được lưu.");
      expect((await indices("year=2024&channel=paper")).n).toBe(50);
      const count = await db.selectFrom("response").select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow();
      expect(Number(count.c)).toBe(50);
    } finally {
      await db.destroy();
    }
  });

  it("reads a file saved by Excel on Windows: UTF-8 BOM, CRLF line endings, a subset of the columns", async () => {
    // test/fixtures/paper-forms-2023.csv, hand-computed (paper, 2023):
    //   access.1 5,4,2,5,3,NA → 3/5; access.2 4,3,NA,5,2,– → 2/4; procedures.1 4,5,3,4,NA,– → 3/4
    //   servants.1 → 5/5; results.1 4,4,5,2,4 → 4/5; feedback.1 1,4 → 1/2 (n 2)
    //   access = 0.55; SIPAS = mean(0.55, 0.75, 1, 0.8, 0.5) = 0.72
    //   n = 5: P23-0006 answered nothing applicable (NA and empty cells), so it counts nowhere.
    const text = fs.readFileSync(path.resolve("test/fixtures/paper-forms-2023.csv"), "utf8").replace(/\r?\n/g, "\r\n");
    const file = path.join(server.dir, "excel.csv");
    fs.writeFileSync(file, "\uFEFF" + text, "utf8");
    expect(fs.readFileSync(file).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const r = await runImport([file]);
    expect(r.stderr).not.toMatch(/Dòng \d+/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Phiếu mới đã lưu: 6");
    const y = await indices("year=2023&channel=paper");
    expect(y.n).toBe(5);
    expect(find(y, "access.1").value).toBeCloseTo(0.6, 10);
    expect(find(y, "access.2").value).toBeCloseTo(0.5, 10);
    expect(find(y, "procedures.1").value).toBeCloseTo(0.75, 10);
    expect(find(y, "results.1").value).toBeCloseTo(0.8, 10);
    expect(find(y, "feedback").n).toBe(2);
    expect(find(y, "access").value).toBeCloseTo(0.55, 10);
    expect(y.value).toBeCloseTo(0.72, 10);
    expect((await indices("year=2023&channel=paper&unit=BMT")).n).toBe(3);
    expect((await indices("year=2024&channel=paper")).n).toBe(50);
  });

  it("in process: reads a file twice when it is too large to keep in memory, and reports per service point", async () => {
    const rows = goodRows().slice(0, 13).map((r, i) => (i === 0 ? r : [`M-${r[0]}`, r[1], r[2].replace(/^2024/, "2021"), ...r.slice(3)]));
    const text = rows.map((r) => r.join(",")).join("\n");
    const db = createDb(server.dbPath);
    const progress: string[] = [];
    try {
      const result = await importPaperCsv(db, csvText(text), {
        memoryRows: 3, batchSize: 5, progressEvery: 4,
        onProgress: (p) => progress.push(`${p.phase} ${p.done}`),
      });
      expect(result).toMatchObject({ ok: true, rows: 12, imported: 12, alreadyPresent: 0 });
      if (!result.ok) return;
      expect(result.perPoint).toEqual([{ servicePoint: "MC-BMT", name: expect.stringMatching(/Buôn Ma Thuột/), imported: 12, alreadyPresent: 0 }]);
      expect(progress).toEqual(["check 4", "check 8", "check 12", "store 4", "store 8", "store 12"]);
      const again = await importPaperCsv(db, csvText(text), { memoryRows: 3, batchSize: 5 });
      expect(again).toMatchObject({ ok: true, imported: 0, alreadyPresent: 12 });
    } finally {
      await db.destroy();
    }
    expect((await indices("year=2021&channel=paper")).n).toBe(12);
  });

  it("imports 20,000 forms in one go", { timeout: 240_000 }, async () => {
    const points = ["MC-BMT", "TTPVHCC-DLK", "MC-BMT-TANLOI", "MC-KBU", "MC-EKA"];
    const lines = [HEADER.join(",")];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const values = ["1", "2", "3", "4", "4", "5", "5", "NA", ""];
    for (let i = 0; i < 20_000; i++) {
      const month = String(1 + (i % 12)).padStart(2, "0");
      const day = String(1 + (i % 28)).padStart(2, "0");
      const cells = HEADER.slice(4).map(() => values[Math.floor(rnd() * values.length)]);
      cells[0] = "4"; // every form has at least one applicable answer
      lines.push([`L-${String(i).padStart(6, "0")}`, points[i % points.length], `2022-${month}-${day} 09:30`, "", ...cells].join(","));
    }
    const file = path.join(server.dir, "large.csv");
    fs.writeFileSync(file, lines.join("\n") + "\n");
    const r = await runImport([file]);
    expect(r.stderr).not.toMatch(/Dòng \d+/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Phiếu mới đã lưu: 20.000");
    expect(r.stderr).toContain("đã kiểm tra 5.000 dòng");
    expect(r.stderr).toContain("đã lưu 20.000/20.000 dòng");
    const reported = /Thời gian: .*\(([\d.]+) dòng\/giây\)/.exec(r.stdout)?.[1];
    console.log(
      `import of 20,000 rows: ${(r.ms / 1000).toFixed(1)} s wall clock with process start-up, ` +
        `${Math.round(20_000 / (r.ms / 1000))} rows/s; the CLI reports ${reported} rows/s`,
    );
    const y = await indices("year=2022&channel=paper");
    expect(y.n).toBe(20_000);
    expect(find(y, "access.1").n).toBe(20_000);
    expect((await indices("year=2022&channel=paper&unit=KBU")).n).toBe(4_000);
  });
});
