// Reading the ticket page's forms. Multipart bodies (attachments) are limited while they stream:
// at most 5 files of 10 MB are ever held in memory; a file over a limit is read and dropped, and
// the refusal is reported beside the file field. Whether a kept file is acceptable (its type by
// content) is decided afterwards by readUploadedFiles.
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_UPLOAD } from "~/tickets/attachments.server";
import { errorKey } from "~/ui/validation";

export const FILES_FIELD = "files";
const MAX_TEXT_PART_BYTES = 100_000;
const MAX_TEXT_PARTS = 20;
/** Beyond this the request is refused as a whole (5 full files plus room for the text fields). */
export const MAX_UPLOAD_REQUEST_BYTES = (MAX_ATTACHMENTS_PER_UPLOAD + 1) * MAX_ATTACHMENT_BYTES;

export type DeskForm =
  | { ok: true; form: FormData; /** A message key for the files field, when a file was refused while reading. */ fileError?: string }
  | { ok: false; status: 400 | 413 };

class TooLarge extends Error {}

export async function readDeskForm(request: Request): Promise<DeskForm> {
  const type = request.headers.get("Content-Type") ?? "";
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_UPLOAD_REQUEST_BYTES) return { ok: false, status: 413 };
  if (!/^multipart\/form-data/i.test(type)) {
    try {
      return { ok: true, form: await request.formData() };
    } catch {
      return { ok: false, status: 400 };
    }
  }

  let total = 0;
  let files = 0;
  let textParts = 0;
  let fileError: string | undefined;
  const count = (chunk: Uint8Array) => {
    total += chunk.byteLength;
    if (total > MAX_UPLOAD_REQUEST_BYTES) throw new TooLarge();
  };

  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (typeof filename !== "string") {
      if (++textParts > MAX_TEXT_PARTS) throw new TooLarge();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        count(chunk);
        if (size < MAX_TEXT_PART_BYTES) chunks.push(chunk);
        size += chunk.byteLength;
      }
      return Buffer.concat(chunks).subarray(0, MAX_TEXT_PART_BYTES).toString("utf8");
    }
    // Only the files field takes files, and an empty file chooser sends a nameless empty part.
    if (name !== FILES_FIELD || filename === "") {
      for await (const chunk of data) count(chunk);
      return undefined;
    }
    if (++files > MAX_ATTACHMENTS_PER_UPLOAD) {
      fileError ??= errorKey("error.fileCount", { max: MAX_ATTACHMENTS_PER_UPLOAD });
      for await (const chunk of data) count(chunk);
      return undefined;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      count(chunk);
      size += chunk.byteLength;
      if (size <= MAX_ATTACHMENT_BYTES) chunks.push(chunk);
    }
    if (size > MAX_ATTACHMENT_BYTES) {
      fileError ??= "error.fileSize";
      return undefined;
    }
    return new File(chunks as BlobPart[], filename, { type: contentType });
  };

  try {
    const form = await unstable_parseMultipartFormData(request, handler);
    return { ok: true, form, fileError };
  } catch (error) {
    return { ok: false, status: error instanceof TooLarge ? 413 : 400 };
  }
}
