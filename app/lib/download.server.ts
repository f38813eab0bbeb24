// Serving a stored attachment: always as a download, never rendered inline by the browser.

/** RFC 5987 / RFC 8187 ext-value: UTF-8 percent-encoding of everything outside attr-char. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<encoded>` (RFC 6266): old clients
 * read the plain one, every current browser the UTF-8 one (Korean names survive).
 */
export function contentDisposition(filename: string): string {
  const name = filename.normalize("NFC").replace(/[\u0000-\u001f\u007f]/g, "_") || "attachment";
  const fallback =
    name
      .replace(/[^\x20-\x7e]/g, "_")
      .replace(/["\\%]/g, "_")
      .trim() || "attachment";
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

export function attachmentResponse(file: { filename: string; contentType: string; size: number; data: Buffer | Uint8Array }): Response {
  const body = Uint8Array.from(file.data); // its own ArrayBuffer (a Buffer may share a pooled one)
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(body.byteLength),
      "Content-Disposition": contentDisposition(file.filename),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
