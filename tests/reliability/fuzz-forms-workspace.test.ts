// Fuzzing (e) the agent workspace's forms (issue 20): canned replies and saved queue views, as an
// administrator (every branch reachable) and as an agent (refusals), then nothing damaged stored.
import { describe, expect, it } from "vitest";
import { startSession } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import * as macros from "~/routes/desk.macros";
import * as views from "~/routes/desk.views";
import { useTestDatabase } from "../support/db";
import { damagedTextStored } from "./support/fuzz";
import { fuzzForm, printFormTallies } from "./support/form-fuzz";

useTestDatabase();
printFormTallies();

const state = { admin: "", agent: "" };

describe("fuzzing the workspace's forms", () => {
  it("(a signed-in administrator and agent)", async () => {
    const admin = await createStaffMember({
      email: "fuzz-admin@desk.test",
      name: "퍼징 관리자",
      role: "admin",
      team: "complaints-1",
      password: "pw-123456789",
    });
    const agent = await createStaffMember({
      email: "fuzz-agent@desk.test",
      name: "퍼징 상담원",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    state.admin = (await startSession(new Request("http://desk.test"), admin.id)).split(";")[0]!;
    state.agent = (await startSession(new Request("http://desk.test"), agent.id)).split(";")[0]!;
    expect(state.admin).not.toBe("");
  });

  const MACRO = {
    fields: ["intent", "id", "title", "body", "team", "confirm"],
    values: [
      "on",
      "{고객명} 고객님",
      "{고객이름}",
      "{ reference }",
      "{처리기한}까지",
      "접수 안내",
      "",
      "00000000-0000-0000-0000-000000000000",
    ],
    intents: ["save", "delete"],
  };
  fuzzForm({
    name: "/desk/macros (administrator)",
    action: macros.action,
    path: "/desk/macros",
    headers: async () => ({ Cookie: state.admin }),
    ...MACRO,
  });
  fuzzForm({
    name: "/desk/macros (agent)",
    action: macros.action,
    path: "/desk/macros",
    headers: async () => ({ Cookie: state.agent }),
    runs: 300,
    ...MACRO,
  });
  fuzzForm({
    name: "/desk/views",
    action: views.action,
    path: "/desk/views",
    headers: async () => ({ Cookie: state.agent }),
    fields: ["intent", "id", "name", "query"],
    values: ["tab=active&status=new", "?q=%ED%99%8D", "cursor=zzz", "내 보기", "", "00000000-0000-0000-0000-000000000000"],
    intents: ["save", "rename", "delete"],
  });

  it("nothing damaged was stored", async () => {
    const damaged = await damagedTextStored();
    expect(damaged).toEqual([]);
  });
});
