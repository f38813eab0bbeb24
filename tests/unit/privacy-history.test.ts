// The history words a `privacy.masked` entry for staff, in Korean and English, without showing
// a table name or an event type.
import { describe, expect, it } from "vitest";
import { describeEvent, staffNames } from "~/desk/history";
import { translator } from "~/i18n/i18n";
import { MASK_TARGETS, MASKED_EVENT } from "~/privacy/mask-stored.server";

describe("privacy.masked in the history", () => {
  for (const lang of ["ko", "en"] as const) {
    it(`is worded in ${lang} for every table that can be linked to a ticket`, () => {
      const t = translator(lang);
      for (const target of MASK_TARGETS.filter((x) => x.ticket)) {
        const described = describeEvent(
          t,
          { type: MASKED_EVENT, data: { table: target.name, columns: target.columns, maskVersion: 1 } },
          staffNames([]),
        );
        const text = [described.title, ...described.details].join(" ");
        expect(text, target.name).not.toMatch(/[a-z]+[._][a-z]+|maskVersion/);
        expect(described.details).toHaveLength(1);
      }
    });
  }
});
