import { describe, expect, it } from "vitest";
import { answerOptions, digitsOf, groupDigits, numberError, optionForKey } from "../../app/components/kiosk/TypedAnswer";
import { checkAnswer } from "../../app/domain/question-types";

// The kiosk's typed answers: keys, the number field's vi-VN grouping, and that what it sends passes the server's check.
const yesNo = { code: "q.yn", type: "yes_no" };
const choice = { code: "q.c", type: "choice", options: [{ label: "Sớm", labelEn: "Early" }, { label: "Đúng hẹn", labelEn: null }, { label: "Trễ", labelEn: "Late" }] };
const amount = { code: "q.n", type: "number", min: 0, max: 50_000_000 };

describe("kiosk typed answers", () => {
  it("labels yes/no and options in the screen's language (English falls back to Vietnamese)", () => {
    expect(answerOptions(yesNo, "vi")).toEqual([{ value: 1, label: "Có" }, { value: 0, label: "Không" }]);
    expect(answerOptions(yesNo, "en").map((o) => o.label)).toEqual(["Yes", "No"]);
    expect(answerOptions(choice, "en")).toEqual([{ value: 1, label: "Early" }, { value: 2, label: "Đúng hẹn" }, { value: 3, label: "Late" }]);
  });

  it("maps keys: 1/C/Y = có, 2/K/N = không; 1…n for the options; anything else nothing", () => {
    expect(["1", "c", "C", "y"].map((k) => optionForKey(yesNo, k))).toEqual([1, 1, 1, 1]);
    expect(["2", "k", "N"].map((k) => optionForKey(yesNo, k))).toEqual([0, 0, 0]);
    expect(optionForKey(yesNo, "3")).toBeNull();
    expect(["1", "3", "4", "0", "a"].map((k) => optionForKey(choice, k))).toEqual([1, 3, null, null, null]);
  });

  it("keeps digits only and groups them the Vietnamese way", () => {
    expect(digitsOf("200.000 đ")).toBe("200000");
    expect(digitsOf("007")).toBe("7");
    expect(digitsOf("0")).toBe("0");
    expect(digitsOf("")).toBe("");
    expect(groupDigits("1500000", "vi")).toBe("1.500.000");
    expect(groupDigits("", "vi")).toBe("");
  });

  it("refuses an amount out of range in Vietnamese; what it accepts passes the server's check", () => {
    expect(numberError(amount, "", "vi")).toBeNull();
    expect(numberError(amount, "60000000", "vi")).toBe("Vui lòng nhập số nguyên từ 0 đến 50.000.000.");
    expect(numberError(amount, "60000000", "en")).toBe("Please enter a whole number from 0 to 50,000,000.");
    for (const d of ["0", "150000", "50000000"]) {
      expect(numberError(amount, d, "vi")).toBeNull();
      expect(checkAnswer("number", Number(digitsOf(d)), { min: 0, max: 50_000_000 })).toBeNull();
    }
    for (const v of [1, 0]) expect(checkAnswer("yes_no", v)).toBeNull();
    expect(checkAnswer("choice", optionForKey(choice, "3"), { options: choice.options.map((o) => ({ ...o, score: 1 })) })).toBeNull();
  });
});
