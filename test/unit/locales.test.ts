import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isLang, languages, registerLocales, questionText } from "../../app/i18n/locales";
import { readLocaleFiles } from "../../app/i18n/locales.server";
import { langFrom, translate } from "../../app/i18n/messages";
import { tk } from "../../app/i18n/kiosk";
import { st } from "../../app/i18n/survey";

describe("languages as data", () => {
  it("the shipped folder holds the Ê Đê sample, marked as a draft", () => {
    const files = readLocaleFiles(path.resolve("locales"));
    const rad = files.find((f) => f.code === "rad");
    expect(rad?.draft).toBe(true);
    expect(rad?.note).toMatch(/người bản ngữ/);
  });

  it("a new language is one file: it joins the list, its messages are used, the rest falls back to Vietnamese", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "locales-"));
    fs.writeFileSync(path.join(dir, "jra.json"), JSON.stringify({
      code: "jra", name: "Jarai (test)", draft: true,
      messages: { messages: { start: "JRA-start" }, kiosk: { retry: "JRA-retry" } },
      questionnaires: { "sipas-kiosk": { questions: { "kiosk.access": "JRA-question" } } },
    }));
    fs.writeFileSync(path.join(dir, "xx.json"), "{ not json");
    fs.writeFileSync(path.join(dir, "yy.json"), JSON.stringify({ code: "zz", name: "wrong file name" }));
    fs.writeFileSync(path.join(dir, "vi.json"), JSON.stringify({ code: "vi", name: "would replace Vietnamese" }));
    const files = readLocaleFiles(dir);
    expect(files.map((f) => f.code)).toEqual(["jra"]); // broken and misnamed files are ignored, never half-loaded
    registerLocales(files);

    expect(languages().map((l) => l.code)).toContain("jra");
    expect(languages().slice(0, 2).map((l) => l.code)).toEqual(["vi", "en"]);
    expect(isLang("jra")).toBe(true);
    expect(translate("jra", "start")).toBe("JRA-start");
    expect(tk("jra", "retry")).toBe("JRA-retry");
    // Missing: Vietnamese, never the key.
    expect(translate("jra", "kiosk.welcome")).toBe(translate("vi", "kiosk.welcome"));
    expect(tk("jra", "largeText")).toBe("Chữ lớn");
    expect(st("jra", "questionNo", { i: 3 })).toBe("Câu 3");
    expect(questionText("jra", "sipas-kiosk", { code: "kiosk.access", text: "VI", textEn: "EN" })).toEqual({ text: "JRA-question", lang: "jra" });
    expect(questionText("jra", "sipas-kiosk", { code: "other", text: "VI", textEn: "EN" })).toEqual({ text: "VI", lang: "vi" });
    expect(questionText("en", "sipas-kiosk", { code: "other", text: "VI", textEn: null })).toEqual({ text: "VI", lang: "vi" });

    expect(langFrom(new Request("http://x/?lang=jra"))).toBe("jra");
    expect(langFrom(new Request("http://x/?lang=qq"))).toBe("vi");
    expect(langFrom(new Request("http://x/", { headers: { cookie: "a=1; lang=jra" } }))).toBe("jra");
  });
});
