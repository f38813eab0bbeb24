// Multipart file names as browsers and RFC 7578/6266 write them: quoted names with ";" and "=",
// escaped quotes, and `filename*` (UTF-8, percent-encoded). None makes the form unreadable; the
// typed fields always come back. A file whose content disagrees with its name is stored under
// the extension of what it really is.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFormWithFiles } from "~/uploads/read-form.server";
import { checkAttachment } from "~/tickets/attachments.server";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const BOUNDARY = "----desk-test-boundary";

function multipart(dispositionParams: string, bytes: Buffer = PNG): Request {
  const body = Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="body"\r\n\r\n문의 내용입니다\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; ${dispositionParams}\r\nContent-Type: image/png\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  return new Request("http://desk.test/inquiry", {
    method: "POST",
    body,
    headers: { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
  });
}

async function fileName(params: string): Promise<{ name: string | null; body: unknown }> {
  const read = await readFormWithFiles(multipart(params), "files");
  expect(read.ok, params).toBe(true);
  if (!read.ok) return { name: null, body: null };
  const file = read.form.get("files");
  return { name: file && typeof file === "object" ? (file as File).name : null, body: read.form.get("body") };
}

describe("multipart file names", () => {
  it("reads quoted names with ; and =, escaped quotes and filename* (RFC 7578/6266)", async () => {
    expect(await fileName('filename="a=b.png"')).toEqual({ name: "a=b.png", body: "문의 내용입니다" });
    expect(await fileName('filename="영수증; 3월.png"')).toEqual({ name: "영수증; 3월.png", body: "문의 내용입니다" });
    expect((await fileName('filename="say \\"hi\\".png"')).name).toBe('say "hi".png');
    expect((await fileName("filename=\"fallback.png\"; filename*=UTF-8''%ED%99%8D%EA%B8%B8%EB%8F%99.png")).name).toBe("홍길동.png");
  });

  it("any quoted name a person could type keeps the form readable", async () => {
    const typed = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/[\r\n"\\]/.test(s));
    await fc.assert(
      fc.asyncProperty(typed, async (name) => {
        const read = await readFormWithFiles(multipart(`filename="${name}"`), "files");
        expect(read.ok).toBe(true);
        if (read.ok) expect(read.form.get("body")).toBe("문의 내용입니다");
      }),
      { numRuns: 200 },
    );
  });
});

describe("stored names follow the content", () => {
  it("a PNG named .html is stored as .png; a name that agrees is kept", () => {
    const poly = checkAttachment("poly.html", PNG);
    expect(poly.ok && poly.file.filename).toBe("poly.png");
    const plain = checkAttachment("사진.PNG", PNG);
    expect(plain.ok && plain.file.filename).toBe("사진.PNG");
    const none = checkAttachment("scan", PNG);
    expect(none.ok && none.file.filename).toBe("scan.png");
    const pdf = checkAttachment("report.jpeg.exe", Buffer.from("%PDF-1.7\n"));
    expect(pdf.ok && pdf.file.filename).toBe("report.jpeg.pdf");
  });
});
