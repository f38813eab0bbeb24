// Reading an intake form with file uploads. Files are limited while they stream in (never more
// than 10 MB each or 5 in all is kept in memory), and a file over the limit does not abort the
// parse: its bytes are read and dropped, so every text field still comes back to be shown again
// beside the error. Whether a kept file is acceptable (type by content, empty) is decided by
// readUploadedFiles afterwards.
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_UPLOAD } from "~/tickets/attachments.server";
import { errorKey } from "~/ui/validation";
import { FILE_FIELD } from "./options";

/** A text part is cut here; the schema's own limit (≤ 20,000 characters) then reports it as too long. */
const MAX_TEXT_PART_BYTES = 100_000;
const MAX_TEXT_PARTS = 50;
/** Beyond this the request is refused as a whole (5 full files plus generous room for text). */
export const MAX_INTAKE_REQUEST_BYTES = (MAX_ATTACHMENTS_PER_UPLOAD + 1) * MAX_ATTACHMENT_BYTES;

export type IntakeUpload =
  | { ok: true; form: FormData; /** A message key for the attachments field, when a file was refused while reading. */ fileError?: string; hadFiles: boolean }
  | { ok: false; error: "intake.tooLarge" | "intake.unreadable"; status: 400 | 413 };

class RequestTooLarge extends Error {}

export async function readIntakeForm(request: Request): Promise<IntakeUpload> {
  const type = request.headers.get("Content-Type") ?? "";
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_INTAKE_REQUEST_BYTES) return { ok: false, error: "intake.tooLarge", status: 413 };
  if (!/^multipart\/form-data/i.test(type)) {
    try {
      return { ok: true, form: await request.formData(), hadFiles: false };
    } catch {
      return { ok: false, error: "intake.unreadable", status: 400 };
    }
  }

  let total = 0;
  let files = 0;
  let textParts = 0;
  let hadFiles = false;
  let fileError: string | undefined;

  /** Reads a part, keeping at most `keep` bytes; the rest is read and dropped. */
  async function read(data: AsyncIterable<Uint8Array>, keep: number) {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      total += chunk.byteLength;
      if (total > MAX_INTAKE_REQUEST_BYTES) throw new RequestTooLarge();
      if (size <= keep) chunks.push(chunk);
      else if (size - chunk.byteLength < keep) chunks.push(chunk.subarray(0, keep - (size - chunk.byteLength)));
    }
    const bytes = new Uint8Array(Math.min(size, keep));
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return { bytes, size, over: size > keep };
  }

  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (typeof filename === "string") {
      const wanted = name === FILE_FIELD && files < MAX_ATTACHMENTS_PER_UPLOAD;
      const part = await read(data, wanted ? MAX_ATTACHMENT_BYTES : 0);
      // Browsers send an empty, nameless part for a file input left empty.
      if (name !== FILE_FIELD || (part.size === 0 && filename === "")) return undefined;
      hadFiles = true;
      files += 1;
      if (files > MAX_ATTACHMENTS_PER_UPLOAD) {
        fileError ??= errorKey("error.fileCount", { max: MAX_ATTACHMENTS_PER_UPLOAD });
        return undefined;
      }
      if (part.over) {
        fileError ??= "error.fileSize";
        return undefined;
      }
      return new File([part.bytes], filename, { type: contentType });
    }
    textParts += 1;
    const part = await read(data, textParts > MAX_TEXT_PARTS ? 0 : MAX_TEXT_PART_BYTES);
    if (textParts > MAX_TEXT_PARTS) return undefined;
    return new TextDecoder().decode(part.bytes);
  };

  try {
    const form = await unstable_parseMultipartFormData(request, handler);
    return { ok: true, form, fileError, hadFiles };
  } catch (error) {
    if (error instanceof RequestTooLarge) return { ok: false, error: "intake.tooLarge", status: 413 };
    // A body that is not well-formed multipart (a broken client, a cut connection).
    return { ok: false, error: "intake.unreadable", status: 400 };
  }
}
