// Every customer page names itself in the tab (issue 21): distinct, Korean first, no raw keys.
import { describe, expect, it } from "vitest";
import { meta as inquiryMeta } from "~/routes/inquiry";
import { meta as receivedMeta } from "~/routes/inquiry_.received";
import { meta as lookupMeta } from "~/routes/lookup";
import { meta as trackMeta } from "~/routes/track.$reference";

describe("portal page titles", () => {
  it("each page has its own readable title", () => {
    const titles = [inquiryMeta, receivedMeta, lookupMeta, trackMeta].map((m) => {
      const found = (m({} as never) as Array<{ title?: string }>).find((d) => d.title)?.title ?? "";
      expect(found).toMatch(/^[가-힣]/);
      expect(found).not.toMatch(/\w+\.\w+/);
      return found;
    });
    expect(new Set(titles).size).toBe(titles.length);
  });
});
