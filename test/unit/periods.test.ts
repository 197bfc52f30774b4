import { describe, expect, it } from "vitest";
import { fromVietnamLocal, localDay, localYear } from "../../app/domain/periods";
import { formatDate, formatPercent } from "../../app/i18n/format";

describe("Vietnam time (UTC+7)", () => {
  it("puts 2024-12-31T18:00Z in 2025 and 16:59:59Z in 2024", () => {
    expect(localDay("2024-12-31T18:00:00Z")).toBe("2025-01-01");
    expect(localYear("2024-12-31T18:00:00Z")).toBe(2025);
    expect(localYear("2024-12-31T16:59:59Z")).toBe(2024);
  });
  it("reads a paper form's local date and time as Vietnam time", () => {
    expect(fromVietnamLocal("2024-06-17 09:30")).toBe("2024-06-17T02:30:00.000Z");
    expect(fromVietnamLocal("2024-01-01")).toBe("2023-12-31T17:00:00.000Z");
    expect(fromVietnamLocal("2024-02-30")).toBeNull();
    expect(fromVietnamLocal("17/06/2024")).toBeNull();
  });
  it("rejects what is not a date", () => {
    expect(() => localDay("hôm qua")).toThrow(RangeError);
  });
});

describe("vi-VN formats", () => {
  it("writes 81,57% and 17/06/2024", () => {
    expect(formatPercent(0.8157)).toBe("81,57%");
    expect(formatPercent(null)).toBe("—");
    expect(formatDate("2024-06-17T02:30:00Z")).toBe("17/06/2024");
    expect(formatPercent(0.8157, "en")).toBe("81.57%");
  });
});
