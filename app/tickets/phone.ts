/** Korean numbers in their usual dashed form (010-1234-5678, 02-123-4567); others as digits. */
export function normalizePhone(input: string): string {
  const digits = input.replace(/[^\d+]/g, "");
  if (digits.startsWith("+82")) return normalizePhone(`0${digits.slice(3)}`);
  if (/^01\d{8,9}$/.test(digits)) return digits.replace(/^(01\d)(\d{3,4})(\d{4})$/, "$1-$2-$3");
  if (/^02\d{7,8}$/.test(digits)) return digits.replace(/^(02)(\d{3,4})(\d{4})$/, "$1-$2-$3");
  if (/^0\d{2}\d{7,8}$/.test(digits)) return digits.replace(/^(0\d{2})(\d{3,4})(\d{4})$/, "$1-$2-$3");
  if (/^1\d{3}\d{4}$/.test(digits)) return digits.replace(/^(1\d{3})(\d{4})$/, "$1-$2"); // 1588-1234
  return digits;
}
