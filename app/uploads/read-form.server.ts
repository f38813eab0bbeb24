// Reading a posted form that may carry files: the intake forms, the customer's reply on the track
// page and the ticket page's upload. Multipart bodies are limited while they stream in: at most 5
// files of 10 MB are ever held in memory, and a file over a limit does not abort the parse (its
// bytes are read and dropped) so every text field still comes back to be shown again beside the
// error. Whether a kept file is acceptable (its type by content, empty) is decided afterwards by
// readUploadedFiles. A body that cannot be read is a 400 or 413 with a message key, never a 5xx.
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_UPLOAD } from "~/tickets/attachments.server";
import { errorKey } from "~/ui/validation";

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
  | { ok: false; status: 400 | 413; /** A message key (errors.ts) for the person who sent it. */ error: "error.requestTooLarge" | "error.formUnreadable" };

const TOO_LARGE = { ok: false, status: 413, error: "error.requestTooLarge" } as const;
const UNREADABLE = { ok: false, status: 400, error: "error.formUnreadable" } as const;

class RequestTooLarge extends Error {}

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
      if (total > MAX_FORM_REQUEST_BYTES) throw new RequestTooLarge();
      if (size <= keep) chunks.push(chunk);
      else if (size - chunk.byteLength < keep) chunks.push(chunk.subarray(0, keep - (size - chunk.byteLength)));
    }
    const bytes = new Uint8Array(Math.min(size, keep));
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return { bytes, over: size > keep };
  }

  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (typeof filename === "string") {
      // Only the file field takes files, and a file input left empty sends a nameless empty part.
      if (name !== fileField || filename === "") {
        await read(data, 0);
        return undefined;
      }
      hadFiles = true;
      files += 1;
      const wanted = files <= MAX_ATTACHMENTS_PER_UPLOAD;
      const part = await read(data, wanted ? MAX_ATTACHMENT_BYTES : 0);
      if (!wanted) {
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
    const kept = textParts <= MAX_TEXT_PARTS;
    const part = await read(data, kept ? MAX_TEXT_PART_BYTES : 0);
    return kept ? new TextDecoder().decode(part.bytes) : undefined;
  };

  try {
    const form = await unstable_parseMultipartFormData(request, handler);
    return { ok: true, form, fileError, hadFiles };
  } catch (error) {
    // Otherwise a body that is not well-formed multipart (a broken client, a cut connection).
    return error instanceof RequestTooLarge ? TOO_LARGE : UNREADABLE;
  }
}
