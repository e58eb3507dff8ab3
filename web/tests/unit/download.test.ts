import { describe, expect, it } from "vitest";
import { attachmentFilename } from "../../src/download.ts";

describe("attachmentFilename", () => {
  it("reads the name receipts-api gives an export", () => {
    expect(attachmentFilename('attachment; filename="receipts-2025-03-01-2025-04-30.csv"')).toBe(
      "receipts-2025-03-01-2025-04-30.csv",
    );
  });

  it("prefers the UTF-8 filename* to the ASCII fallback, as photos-api sends both", () => {
    expect(
      attachmentFilename(`attachment; filename="Caf_ receipt.jpg"; filename*=UTF-8''Caf%C3%A9%20receipt.jpg`),
    ).toBe("Café receipt.jpg");
    expect(attachmentFilename("attachment; filename*=utf-8''%E2%82%AC.csv; filename=EUR.csv")).toBe("€.csv");
  });

  it("falls back to filename when filename* does not decode, and reads an unquoted or escaped one", () => {
    expect(attachmentFilename(`attachment; filename*=UTF-8''%E2%82.csv; filename="fallback.csv"`)).toBe(
      "fallback.csv",
    );
    expect(attachmentFilename("attachment; filename=plain.csv")).toBe("plain.csv");
    expect(attachmentFilename('attachment; filename="say \\"hi\\".csv"')).toBe('say "hi".csv');
  });

  it("keeps only the last path segment of a name", () => {
    expect(attachmentFilename('attachment; filename="../../etc/passwd"')).toBe("passwd");
    expect(attachmentFilename('attachment; filename="C:\\\\temp\\\\x.csv"')).toBe("x.csv");
  });

  it("gives nothing without a header or a name in it", () => {
    expect(attachmentFilename(null)).toBeUndefined();
    expect(attachmentFilename("attachment")).toBeUndefined();
    expect(attachmentFilename('attachment; filename=""')).toBeUndefined();
  });
});
