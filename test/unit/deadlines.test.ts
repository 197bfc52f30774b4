import { describe, expect, it } from "vitest";
import { addWorkingDays, isOverdue, isWorkingDay, needsReminder, nextWorkingDay, workingDaysBetween, type Calendar } from "../../app/domain/deadlines";

// Tết 2024: Thu 08/02 – Wed 14/02 off (with the weekend 10–11/02); Hùng Kings 18/04; 29/04–01/05.
const cal: Calendar = {
  holidays: new Set(["2024-01-01", "2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14", "2024-04-18", "2024-04-29", "2024-04-30", "2024-05-01", "2025-01-01"]),
  workingWeekends: new Set(["2024-05-04"]),
};

describe("working days", () => {
  it("skips weekends", () => {
    expect(isWorkingDay("2024-06-15", cal)).toBe(false); // Saturday
    expect(isWorkingDay("2024-06-16", cal)).toBe(false); // Sunday
    expect(isWorkingDay("2024-06-17", cal)).toBe(true);
    // received Friday 14/06, 5 working days → Friday 21/06
    expect(addWorkingDays("2024-06-14", 5, cal)).toBe("2024-06-21");
    // received Saturday 15/06, 1 working day → Monday 17/06
    expect(addWorkingDays("2024-06-15", 1, cal)).toBe("2024-06-17");
  });

  it("skips Tết: received Wednesday 07/02/2024, 5 working days → Wednesday 21/02", () => {
    // working days after 07/02: 15, 16, 19, 20, 21
    expect(addWorkingDays("2024-02-07", 5, cal)).toBe("2024-02-21");
    expect(workingDaysBetween("2024-02-07", "2024-02-21", cal)).toBe(5);
  });

  it("crosses the year end and New Year's Day", () => {
    // Friday 27/12/2024 + 3: 30/12, 31/12, (01/01 holiday), 02/01
    expect(addWorkingDays("2024-12-27", 3, cal)).toBe("2025-01-02");
  });

  it("counts a worked weekend (make-up day) and skips the 30/4–1/5 holidays", () => {
    // After Fri 26/04/2024: Sat 27 no, Sun 28 no, 29, 30, 01 holidays, Thu 02, Fri 03, Sat 04 make-up day
    expect(addWorkingDays("2024-04-26", 3, cal)).toBe("2024-05-04");
  });

  it("0 working days means the next working day from the start", () => {
    expect(addWorkingDays("2024-02-10", 0, cal)).toBe("2024-02-15");
    expect(nextWorkingDay("2024-06-17", cal)).toBe("2024-06-17");
  });

  it("refuses a negative or fractional count", () => {
    expect(() => addWorkingDays("2024-06-17", -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays("2024-06-17", 1.5, cal)).toThrow(RangeError);
  });
});

describe("overdue and reminders", () => {
  it("is overdue from the local day after the due day (Vietnam time)", () => {
    expect(isOverdue("2024-06-21", "2024-06-21T16:59:00Z")).toBe(false); // 23:59 in Vietnam
    expect(isOverdue("2024-06-21", "2024-06-21T17:00:00Z")).toBe(true); // 00:00 on the 22nd
  });
  it("reminds within the last working days before the deadline", () => {
    expect(needsReminder("2024-06-21", "2024-06-19T03:00:00Z", 2, cal)).toBe(true);
    expect(needsReminder("2024-06-21", "2024-06-17T03:00:00Z", 2, cal)).toBe(false);
    expect(needsReminder("2024-06-21", "2024-06-24T03:00:00Z", 2, cal)).toBe(false); // already overdue
  });
});
