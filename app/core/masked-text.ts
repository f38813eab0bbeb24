// `MaskedText`: free text that has passed the masking of personal numbers (SERVICE-STANDARDS §7,
// ADR 0008). The data layer's functions that store what a person typed take MaskedText, and the
// only ways to get one are `masked()` here and the zod fields built on it (`maskedText`,
// `optionalMaskedText` in ~/ui/validation) — so text that skipped the parse boundary does not
// type-check where it would be stored. Browser-safe (no server imports).
import { maskText } from "./mask";

declare const MASKED: unique symbol;
export type MaskedText = string & { readonly [MASKED]: true };

/** The text with every personal number masked; the one way to make a MaskedText. */
export function masked(text: string): MaskedText {
  return maskText(text) as MaskedText;
}

/** `masked` for an optional value. */
export function maskedOptional<T extends string | null | undefined>(text: T): MaskedText | Exclude<T, string> {
  return (typeof text === "string" ? masked(text) : text) as MaskedText | Exclude<T, string>;
}

/** Masked pieces joined: masking each piece masks the whole (no number spans two pieces' seam here). */
export function joinMasked(...parts: Array<MaskedText | "">): MaskedText {
  return parts.join("") as MaskedText;
}
