// Irreversible desk actions (the final answer, closing, closing in bulk) ask for an explicit
// confirmation that works without JavaScript: a "확인했습니다" checkbox the schema requires. With
// JavaScript the browser also asks in a dialog first; the server refuses without the box either way.
import { z } from "zod";
import { resolveSchema } from "./schemas";
import { checkbox } from "~/core/validation";

/** The name of the confirmation checkbox. */
export const CONFIRM_FIELD = "confirm";

export const confirmed = checkbox.refine((v) => v === true, "error.mustConfirm");

/** The ticket page's final answer: the API's schema plus the confirmation. */
export const resolveConfirmedSchema = resolveSchema.extend({ [CONFIRM_FIELD]: confirmed });
export const closeConfirmedSchema = z.object({ [CONFIRM_FIELD]: confirmed });
