// The dates a form offers for a reply or a promise, in words: only those the desk can keep.
import type { Lang } from "~/i18n/i18n";
import { dateWords } from "~/i18n/date-words";
import { currentCalendar } from "./calendar.server";
import { feasibleWorkingDays } from "./reply-dates";

export type DateOption = { value: string; label: string };

/** The next working days that can still be kept, from the earliest (about two months of them). */
export async function feasibleDateOptions(lang: Lang, now = new Date(), count = 40): Promise<DateOption[]> {
  const cal = await currentCalendar();
  return feasibleWorkingDays(cal.calendar, now.getTime(), count).map((value) => ({ value, label: dateWords(value, lang, now) }));
}
