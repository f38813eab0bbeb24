// The macro form's rules (shared by the page and the server): a title, and a body whose every
// {variable} is one the desk knows — a misspelt one is refused here, when saving.
import { z } from "zod";
import { errorKey, maskedText, requiredText } from "~/core/validation";
import { unknownVariables } from "./render";

export const MACRO_TITLE_MAX = 60;
export const MACRO_BODY_MAX = 4000;

export const macroBody = maskedText(MACRO_BODY_MAX).superRefine((body, ctx) => {
  const unknown = unknownVariables(body);
  if (unknown.length)
    ctx.addIssue({ code: "custom", message: errorKey("error.macro.unknownVariable", { names: unknown.map((n) => `{${n}}`).join(", ") }) });
});

export const macroSchema = z.object({
  title: maskedText(MACRO_TITLE_MAX),
  body: macroBody,
  /** A team's id, or "" for every team (only administrators choose; a lead's is their own team). */
  team: requiredText(36).optional().or(z.literal("")),
});
