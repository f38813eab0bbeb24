// CSV for Excel users in Korea: UTF-8 with a byte-order mark (without it Excel reads the file as
// CP949 and garbles Korean), CRLF line ends, RFC 4180 quoting. Text that a spreadsheet would
// run as a formula (=, +, -, @, tab, CR at the start) is prefixed with an apostrophe (OWASP
// "CSV injection"): customers' subjects end up in these files.

export const BOM = "\uFEFF";

export type CsvCell = string | number | boolean | null | undefined | Date;

function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "Y" : "N";
  if (value instanceof Date) return value.toISOString();
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvField(value: CsvCell): string {
  const text = cellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, header line, rows; every line ends with CRLF. */
export function toCsv(headers: string[], rows: CsvCell[][]): string {
  const lines = [headers, ...rows].map((r) => r.map(csvField).join(","));
  return BOM + lines.map((l) => `${l}\r\n`).join("");
}
