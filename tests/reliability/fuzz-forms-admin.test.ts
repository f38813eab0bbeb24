// Fuzzing (e), the operations and administration form actions (outages, maintenance, reviews,
// surveys, calendar, outbox, policies), signed in as an administrator: 2,000 generated posts each
// (see support/form-fuzz.ts), then nothing damaged stored.
import { describe, expect, it } from "vitest";
import { startSession, staffActor } from "~/auth/session.server";
import { declareOutage, scheduleMaintenance } from "~/outages/outages.server";
import { createStaffMember } from "~/staff/staff.server";
import * as calendar from "~/routes/admin.calendar";
import * as outbox from "~/routes/admin.outbox";
import * as policy from "~/routes/admin.policies.$key";
import * as outage from "~/routes/desk.outages.$id";
import * as maintenance from "~/routes/desk.outages.maintenance.$id";
import * as newMaintenance from "~/routes/desk.outages.maintenance.new";
import * as newOutage from "~/routes/desk.outages.new";
import * as reviews from "~/routes/desk.reviews._index";
import * as surveys from "~/routes/desk.surveys._index";
import { useTestDatabase } from "../support/db";
import { damagedTextStored } from "./support/fuzz";
import { fuzzForm, printFormTallies } from "./support/form-fuzz";

useTestDatabase();
printFormTallies();

const state = { cookie: "", outageId: "", maintenanceId: "" };
const session = async () => ({ Cookie: state.cookie });
const WHEN = ["2026-04-30T15:00", "2099-12-31T09:00", "2026-13-01T00:00", "2026-05-01", "2026-05", "2099-12-31"];

describe("fuzzing the operations and administration forms", () => {
  it("(a signed-in administrator, an outage and a maintenance window)", async () => {
    const admin = await createStaffMember({ email: "fuzz-ops@desk.test", name: "퍼징 관리자", role: "admin", password: "pw-123456789" });
    state.cookie = (await startSession(new Request("http://desk.test"), admin.id)).split(";")[0];
    const actor = staffActor({ ...admin, locale: "ko" });
    state.outageId = (await declareOutage({ service: "인터넷 접수", description: "접속 장애" } as never, actor)).id;
    const start = new Date(Date.now() + 5 * 24 * 3600 * 1000);
    state.maintenanceId = (
      await scheduleMaintenance(
        { service: "인터넷 접수", description: "정기 점검", startsAt: start, endsAt: new Date(start.getTime() + 3600_000) } as never,
        actor,
      )
    ).id;
    expect(state.outageId).toBeTruthy();
  });

  fuzzForm({
    name: "/desk/outages/new",
    action: newOutage.action,
    path: "/desk/outages/new",
    headers: session,
    fields: ["service", "description", "startedAt"],
    values: ["인터넷 접수", "장애", ...WHEN],
  });
  fuzzForm({
    name: "/desk/outages/{id}",
    action: outage.action,
    get path() {
      return `/desk/outages/${state.outageId}`;
    },
    get params() {
      return { id: state.outageId };
    },
    headers: session,
    fields: [
      "intent",
      "eta-expectedRecoveryAt",
      "eta-message",
      "update-expectedRecoveryAt",
      "update-message",
      "resolve-message",
      "resolve-resolvedAt",
    ],
    values: ["복구 예정", ...WHEN],
    intents: ["eta", "update", "resolve"],
  });
  fuzzForm({
    name: "/desk/outages/maintenance/new",
    action: newMaintenance.action,
    path: "/desk/outages/maintenance/new",
    headers: session,
    fields: ["service", "description", "startsAt", "endsAt", "managerApproval"],
    values: ["인터넷 접수", "점검", "on", ...WHEN],
  });
  fuzzForm({
    name: "/desk/outages/maintenance/{id}",
    action: maintenance.action,
    get path() {
      return `/desk/outages/maintenance/${state.maintenanceId}`;
    },
    get params() {
      return { id: state.maintenanceId };
    },
    headers: session,
    fields: ["intent"],
    intents: ["cancel"],
  });
  fuzzForm({
    name: "/desk/reviews",
    action: reviews.action,
    path: "/desk/reviews",
    headers: session,
    fields: ["intent", "month"],
    values: ["2026-03", "2025-12", "2026-13", "1999-01"],
    intents: ["build"],
  });
  fuzzForm({
    name: "/desk/surveys",
    action: surveys.action,
    path: "/desk/surveys",
    headers: session,
    fields: ["intent", "name", "closesOn"],
    values: ["2026 만족도 조사", "2099-12-31", "2020-01-01"],
    intents: ["launch"],
  });
  fuzzForm({
    name: "/admin/calendar",
    action: calendar.action,
    path: "/admin/calendar",
    headers: session,
    fields: ["intent", "date", "name", "kind", "year", "version"],
    values: ["2026-06-04", "2026-12-31", "임시공휴일", "holiday", "closure", "extra_working_day", "2026", "1"],
    intents: ["add", "remove"],
  });
  fuzzForm({
    name: "/admin/outbox",
    action: outbox.action,
    path: "/admin/outbox",
    headers: session,
    fields: ["intent", "id", "nonce", "which"],
    values: ["00000000-0000-0000-0000-000000000000", "abcdefgh12345678", "unsent", "failed"],
    intents: ["retry", "retryAll", "resend"],
  });
  fuzzForm({
    name: "/admin/policies/{key}",
    action: policy.action,
    path: "/admin/policies/charter",
    params: { key: "charter" },
    headers: session,
    fields: [
      "intent",
      "name",
      "description",
      "channels",
      "categories",
      "priority",
      "active",
      "targets.first_reply.enabled",
      "targets.first_reply.kind",
      "targets.first_reply.amount",
      "targets.resolution.warnRatio",
      "targets.resolution.warnBefore",
    ],
    values: ["on", "days", "working_hours", "immediately", "1", "7", "0.75", "60", "web", "general", "10"],
    intents: ["save", "reapply", "update"],
  });

  it("nothing damaged was stored", async () => {
    const damaged = await damagedTextStored();
    console.log(
      `[fuzz] operations and admin forms: columns with damaged text (U+FFFD from bad bytes): ${damaged.length ? JSON.stringify(damaged) : "none"}`,
    );
    expect(damaged).toEqual([]);
  });
});
