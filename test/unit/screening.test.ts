import { describe, expect, it } from "vitest";
import { applyScreens, screensOf, skippedCodes } from "../../app/domain/screening";

const SCREEN = { key: "feedback-sent", text: "Ông/Bà đã từng gửi phản ánh, kiến nghị chưa?", textEn: "Have you ever sent feedback?" };
const questions = [
  { code: "a.1", spec: {} },
  { code: "f.1", spec: { screen: SCREEN } },
  { code: "f.2", spec: { screen: SCREEN, notApplicable: true } },
  { code: "x.1", spec: { screen: { key: "other", text: "Khác?" } } },
];

describe("screening questions (issue 17)", () => {
  it("groups the gated criteria by the screen named in their data, in order", () => {
    expect(screensOf(questions)).toEqual([
      { key: "feedback-sent", text: SCREEN.text, textEn: SCREEN.textEn, codes: ["f.1", "f.2"] },
      { key: "other", text: "Khác?", textEn: null, codes: ["x.1"] },
    ]);
    expect(screensOf([{ code: "a", spec: { screen: { key: "", text: "?" } } }])).toEqual([]);
  });

  it("a 'no' makes every gated criterion 'không áp dụng' (null), whatever was sent; 'yes' or no answer changes nothing", () => {
    const screens = screensOf(questions);
    const answers = { "a.1": 4, "f.1": 5, "f.2": 2, "x.1": 3 };
    expect(applyScreens(answers, screens, { "feedback-sent": false })).toEqual({ "a.1": 4, "f.1": null, "f.2": null, "x.1": 3 });
    expect(applyScreens(answers, screens, { "feedback-sent": true })).toEqual(answers);
    expect(applyScreens(answers, screens, {})).toEqual(answers);
    expect([...skippedCodes(screens, { "feedback-sent": false, other: true })]).toEqual(["f.1", "f.2"]);
  });
});
