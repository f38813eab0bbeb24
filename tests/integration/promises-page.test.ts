// The public promises page reads the standards the desk counts with: what is in force, when it
// last changed, and each change since publication (policy versions and calendar changes).
import { describe, expect, it } from "vitest";
import { DEFAULT_POLICIES } from "~/sla/policy-defaults";
import { savePolicy } from "~/sla/policy-admin.server";
import { changeCalendar } from "~/sla/calendar-admin.server";
import { currentPolicies } from "~/sla/policies.server";
import { publicStandards, targetChanges } from "~/portal/promises.server";
import { loader } from "~/routes/promises";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const admin = { kind: "system", name: "test-admin" } as const;

describe("the public promises page", () => {
  it("shows the shipped standards as published, then each change with what changed and when", async () => {
    await currentPolicies(); // the shipped policies, as on a new desk
    const first = await publicStandards();
    expect(first.inForce.map((p) => p.key).sort()).toEqual(DEFAULT_POLICIES.map((p) => p.key).sort());
    const charter = first.inForce.find((p) => p.key === "charter")!;
    expect(charter.targets.find((t) => t.metric === "resolution")?.target.period).toEqual({ kind: "days", amount: 7 });
    expect(first.history.every((h) => h.kind === "policy" && h.first)).toBe(true);

    const shipped = DEFAULT_POLICIES.find((p) => p.key === "charter")!;
    const { key: _key, ...input } = shipped;
    await savePolicy(
      "charter",
      {
        ...input,
        active: true,
        targets: { ...shipped.targets, resolution: { ...shipped.targets.resolution!, period: { kind: "days", amount: 5 } } },
      } as never,
      admin,
    );
    await changeCalendar({ action: "add", kind: "holiday", date: "2027-03-02", name: "임시공휴일" }, admin);

    const later = await publicStandards();
    const [newest, policyChange] = later.history;
    expect(newest).toMatchObject({ kind: "calendar", change: { action: "add", kind: "holiday", date: "2027-03-02" } });
    expect(policyChange).toMatchObject({
      kind: "policy",
      name: shipped.name,
      version: 2,
      first: false,
      scopeChanged: false,
      activeChanged: false,
    });
    expect(policyChange.kind === "policy" && policyChange.targets).toEqual([
      {
        metric: "resolution",
        before: shipped.targets.resolution,
        after: { ...shipped.targets.resolution, period: { kind: "days", amount: 5 } },
      },
    ]);
    expect(later.lastChangedAt).toBe(newest.at);
    expect(later.lastChangedAt! > first.lastChangedAt!).toBe(true);
    expect(later.inForce.find((p) => p.key === "charter")).toMatchObject({ version: 2 });

    const response = await loader();
    expect(response.status).toBe(200);
    expect((await response.json()).history).toHaveLength(later.history.length);
  });

  it("names exactly the metrics whose targets differ", () => {
    const a = { warnRatio: 0.75, warnBeforeMinutes: 60 };
    expect(
      targetChanges(
        { resolution: { period: { kind: "days", amount: 7 }, ...a } },
        { resolution: { period: { kind: "days", amount: 7 }, ...a } },
      ),
    ).toEqual([]);
    expect(
      targetChanges(
        { resolution: { period: { kind: "days", amount: 7 }, ...a }, callback: { period: { kind: "working_minutes", amount: 30 }, ...a } },
        { resolution: { period: { kind: "days", amount: 7 }, ...a }, happy_call: { period: { kind: "days", amount: 2 }, ...a } },
      ).map((c) => [c.metric, c.before !== null, c.after !== null]),
    ).toEqual([
      ["callback", true, false],
      ["happy_call", false, true],
    ]);
  });
});
