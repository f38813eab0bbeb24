// Reading a posted form that may carry files: the intake forms, the customer's reply on the track
// page and the ticket page's upload. Multipart bodies are limited while they stream in: at most 5
// files of 10 MB are ever held in memory, and a file over a limit does not abort the parse (its
// bytes are read and dropped) so every text field still comes back to be shown again beside the
// error. Whether a kept file is acceptable (its type by content, empty) is decided afterwards by
// readUploadedFiles. A body that cannot be read is a 400 or 413 with a message key, never a 5xx.
// busboy parses the parts (maintained, streaming, RFC 7578 file names).
import busboy from "busboy";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_UPLOAD } from "~/tickets/attachments.server";
import { errorKey } from "~/core/validation";

/** A text part is cut here; the schemas' own limits (≤ 20,000 characters) then report it as too long. */
const MAX_TEXT_PART_BYTES = 100_000;
/** Text parts past this many are read and dropped (no form of ours has nearly as many fields). */
const MAX_TEXT_PARTS = 50;
/** Beyond this the request is refused as a whole (5 full files plus generous room for text). */
export const MAX_FORM_REQUEST_BYTES = (MAX_ATTACHMENTS_PER_UPLOAD + 1) * MAX_ATTACHMENT_BYTES;

export type FormRead =
  | {
      ok: true;
      form: FormData;
      /** A message key for the file field, when a file was refused while reading. */
      fileError?: string;
      /** Files were sent in the file field (kept or not): after an error they must be chosen again. */
      hadFiles: boolean;
    }
  | {
      ok: false;
      status: 400 | 413;
      /** A message key (errors.ts) for the person who sent it. */ error: "error.requestTooLarge" | "error.formUnreadable";
    };

const TOO_LARGE = { ok: false, status: 413, error: "error.requestTooLarge" } as const;
const UNREADABLE = { ok: false, status: 400, error: "error.formUnreadable" } as const;

/** Reads a url-encoded or multipart form; only parts named `fileField` may be files. */
export async function readFormWithFiles(request: Request, fileField: string): Promise<FormRead> {
  const type = request.headers.get("Content-Type") ?? "";
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_FORM_REQUEST_BYTES) return TOO_LARGE;
  if (!/^multipart\/form-data/i.test(type)) {
    try {
      return { ok: true, form: await request.formData(), hadFiles: false };
    } catch {
      return UNREADABLE;
    }
  }

  return readMultipart(request, type, fileField);
}

/**
 * The multipart body, parsed by busboy: it reads part headers per RFC 7578/6266 (quoted names
 * with ";" or "=", escaped quotes, `filename*`), which the parser bundled with Remix does not.
 */
async function readMultipart(request: Request, type: string, fileField: string): Promise<FormRead> {
  if (!request.body) return UNREADABLE;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": type },
      // Browsers send UTF-8 names in the quoted parameter; busboy would read them as Latin-1.
      defParamCharset: "utf8",
      limits: { fieldSize: MAX_TEXT_PART_BYTES, fileSize: MAX_ATTACHMENT_BYTES },
    });
  } catch {
    return UNREADABLE; // no boundary, or not multipart after all
  }
  const form = new FormData();
  let files = 0;
  let textParts = 0;
  let hadFiles = false;
  let fileError: string | undefined;

  const parsed = new Promise<void>((resolve, reject) => {
    parser.on("file", (name, stream, info) => {
      // Only the file field takes files, and a file input left empty sends a nameless empty part.
      const filename = info.filename;
      if (name !== fileField || !filename) {
        stream.resume();
        return;
      }
      hadFiles = true;
      files += 1;
      if (files > MAX_ATTACHMENTS_PER_UPLOAD) {
        fileError ??= errorKey("error.fileCount", { max: MAX_ATTACHMENTS_PER_UPLOAD });
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        // Over the size limit, busboy stops at the limit and drops the rest: the file is refused.
        if (stream.truncated) fileError ??= "error.fileSize";
        else form.append(name, new File([Buffer.concat(chunks)], filename, { type: info.mimeType }));
      });
    });
    parser.on("field", (name, value) => {
      textParts += 1;
      // A part over the text limit arrives cut; the schemas' own limits then report it as too long.
      if (textParts <= MAX_TEXT_PARTS) form.append(name, value);
    });
    parser.on("close", () => resolve());
    parser.on("error", (error) => reject(error));
  });
  parsed.catch(() => {}); // awaited below; a body cut short must not surface as an unhandled rejection first

  let total = 0;
  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_FORM_REQUEST_BYTES) {
        await reader.cancel().catch(() => {});
        parser.destroy();
        return TOO_LARGE;
      }
      if (!parser.write(value)) await Promise.race([new Promise((r) => parser.once("drain", r)), parsed]);
    }
    parser.end();
    await parsed;
  } catch {
    parser.destroy();
    return UNREADABLE; // a body that is not well-formed multipart (a broken client, a cut connection)
  }
  return { ok: true, form, fileError, hadFiles };
}
