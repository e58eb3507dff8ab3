import { describe, expect, it } from "vitest";
import { attachmentDisposition } from "../../src/attachment.ts";

describe("attachmentDisposition", () => {
  it("names a plain file as it is, in both forms", () => {
    expect(attachmentDisposition("IMG_0001.JPG")).toBe(
      `attachment; filename="IMG_0001.JPG"; filename*=UTF-8''IMG_0001.JPG`,
    );
  });

  it("keeps any script in filename* and an ASCII stand-in in filename", () => {
    expect(attachmentDisposition("Café Zürich 東京.jpg")).toBe(
      `attachment; filename="Caf_ Z_rich __.jpg"; filename*=UTF-8''Caf%C3%A9%20Z%C3%BCrich%20%E6%9D%B1%E4%BA%AC.jpg`,
    );
  });

  it("cannot be broken out of: quotes, control characters and RFC 8187's excluded characters are encoded", () => {
    const disposition = attachmentDisposition('a"; filename="evil.exe\r\n(1)*\'.jpg');

    expect(disposition).toBe(
      `attachment; filename="a_; filename=_evil.exe__(1)*'.jpg"; filename*=UTF-8''a%22%3B%20filename%3D%22evil.exe%0D%0A%281%29%2A%27.jpg`,
    );
  });

  it("drops a path, so the browser saves the file's own name", () => {
    expect(attachmentDisposition("../../home/me/.bashrc")).toBe(
      `attachment; filename=".bashrc"; filename*=UTF-8''.bashrc`,
    );
    expect(attachmentDisposition("C:\\Users\\me\\receipt.pdf")).toBe(
      `attachment; filename="receipt.pdf"; filename*=UTF-8''receipt.pdf`,
    );
  });
});
