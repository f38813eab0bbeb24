/**
 * Only same-site paths: never redirect to another origin ("//evil", "https://…", "/\\evil").
 * Non-ASCII is percent-encoded (a Location header is bytes), control characters refused.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.includes("\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(to) || to.length > 2000) return fallback;
  try {
    return /^[\x20-\x7e]*$/.test(to) ? to : encodeURI(to);
  } catch {
    return fallback; // lone surrogates
  }
}
