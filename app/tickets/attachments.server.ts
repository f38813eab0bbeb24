import { createHash } from "node:crypto";
import { ATTACHMENT_TYPES } from "~/db/schema";
import { errorKey } from "~/core/validation";
import { masked } from "~/core/masked-text";

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_UPLOAD = 5;

export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export type CheckedAttachment = { filename: string; contentType: AttachmentType; size: number; sha256: string; data: Buffer };

/** The type a file really is, judged by its first bytes (never by its name or claimed type). */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return "image/tiff";
  return null;
}

/**
 * A safe display name: no path, no control characters, personal numbers masked (a customer names
 * a scan after what it shows: "통장사본 110-987-654321.png"), bounded length.
 */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = masked(
    base
      .normalize("NFC")
      .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "_")
      .trim(),
  ).slice(0, 200);
  return cleaned || "attachment";
}

/** The extensions each accepted type is known by; the first is the one given when a name disagrees. */
const EXTENSIONS: Record<AttachmentType, string[]> = {
  "application/pdf": ["pdf"],
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg", "jpe"],
  "image/tiff": ["tif", "tiff"],
  "message/rfc822": ["eml"],
};

/**
 * The name a file is stored and served under: its own when its extension agrees with what the
 * bytes are, otherwise with that extension replaced (a PNG named poly.html is poly.png), so no
 * browser or desktop opens it as something else.
 */
export function nameForType(filename: string, type: AttachmentType): string {
  const dot = filename.lastIndexOf(".");
  const ext = dot > 0 ? filename.slice(dot + 1).toLowerCase() : "";
  if (EXTENSIONS[type].includes(ext)) return filename;
  const base = dot > 0 ? filename.slice(0, dot) : filename;
  return `${base}.${EXTENSIONS[type][0]}`;
}

export type AttachmentCheck = { ok: true; file: CheckedAttachment } | { ok: false; error: string };

export function checkAttachment(filename: string, data: Buffer): AttachmentCheck {
  if (data.length === 0) return { ok: false, error: "error.fileEmpty" };
  if (data.length > MAX_ATTACHMENT_BYTES) return { ok: false, error: "error.fileSize" };
  const contentType = sniffAttachmentType(data);
  if (!contentType) return { ok: false, error: "error.fileType" };
  return {
    ok: true,
    file: {
      filename: nameForType(cleanFilename(filename), contentType),
      contentType,
      size: data.length,
      sha256: createHash("sha256").update(data).digest("hex"),
      data,
    },
  };
}

/**
 * Reads the files of a multipart form field. Browsers send an empty part when nothing was
 * chosen; those are skipped. Returns the checked files or the first error (message key).
 */
export async function readUploadedFiles(values: FormDataEntryValue[]): Promise<{ files: CheckedAttachment[]; error?: string }> {
  const files: CheckedAttachment[] = [];
  const real = values.filter((v): v is File => typeof v === "object" && v !== null && "arrayBuffer" in v && (v.size > 0 || v.name !== ""));
  if (real.length > MAX_ATTACHMENTS_PER_UPLOAD)
    return { files: [], error: errorKey("error.fileCount", { max: MAX_ATTACHMENTS_PER_UPLOAD }) };
  for (const file of real) {
    if (file.size > MAX_ATTACHMENT_BYTES) return { files: [], error: "error.fileSize" };
    const checked = checkAttachment(file.name, Buffer.from(await file.arrayBuffer()));
    if (!checked.ok) return { files: [], error: checked.error };
    files.push(checked.file);
  }
  return { files };
}
