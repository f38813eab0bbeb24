// Fuzzing (e), the staff desk's form actions (signed in as an administrator, so every branch is
// reachable): 2,000 generated posts each (see support/form-fuzz.ts), then nothing damaged stored.
import { describe, expect, it } from "vitest";
import { startSession, staffActor } from "~/auth/session.server";
import { openRepeatVisitCase } from "~/sla/guarantee.server";
import { createStaffMember } from "~/staff/staff.server";
import { createTicket } from "~/tickets/tickets.server";
import * as guaranteeCase from "~/routes/desk.guarantee.$id";
import * as guaranteeIndex from "~/routes/desk.guarantee._index";
import * as logContact from "~/routes/desk.log-contact";
import * as sessions from "~/routes/desk.sessions";
import * as ticket from "~/routes/desk.tickets.$reference";
import * as voice from "~/routes/desk.tickets.$reference_.voice";
import { useTestDatabase } from "../support/db";
import { damagedTextStored } from "./support/fuzz";
import { fuzzForm, printFormTallies } from "./support/form-fuzz";

useTestDatabase();
printFormTallies();

const state = { cookie: "", reference: "", caseId: "", staffId: "" };

async function session() {
  return { Cookie: state.cookie };
}

/** "Log out everywhere" ends the session it is posted with: each case gets a fresh one. */
async function freshSession() {
  return { Cookie: (await startSession(new Request("http://desk.test"), state.staffId)).split(";")[0] };
}

const TICKET_FIELDS = {
  fields: [
    "intent",
    "body",
    "via",
    "assignee",
    "reason",
    "expectedBy",
    "outcome",
    "answer",
    "dissatisfied",
    "satisfied",
    "score",
    "comment",
    "files",
    "note",
  ],
  values: [
    "email",
    "sms",
    "phone",
    "mail",
    "fuzz-agent@desk.test",
    "사유입니다",
    "2099-12-31",
    "reached",
    "no_answer",
    "yes",
    "no",
    "3",
    "on",
  ],
  intents: ["reply", "note", "assign", "interim", "callback", "pause", "resume", "resolve", "reopen", "happycall", "close", "upload"],
};

describe("fuzzing the desk's forms", () => {
  it("(a signed-in administrator, a ticket and a guarantee case)", async () => {
    const admin = await createStaffMember({
      email: "fuzz-admin@desk.test",
      name: "퍼징 관리자",
      role: "admin",
      team: "complaints-1",
      password: "pw-123456789",
    });
    await createStaffMember({ email: "fuzz-agent@desk.test", name: "퍼징 상담원", role: "agent", team: "complaints-1" });
    state.staffId = admin.id;
    state.cookie = (await startSession(new Request("http://desk.test"), admin.id)).split(";")[0];
    const created = await createTicket(
      {
        channel: "phone",
        category: "general",
        subject: "데스크 퍼징",
        body: "내용",
        customer: { name: "홍길동", phone: "010-1234-5678", email: "hong@example.com" },
        callbackRequested: true,
        resolvedOnContact: false,
      },
      staffActor({ ...admin, locale: "ko" }),
    );
    state.reference = created.reference;
    state.caseId = (await openRepeatVisitCase(created.reference, { note: "두 번 방문" }, staffActor({ ...admin, locale: "ko" }))).id;
    expect(state.caseId).toMatch(/^[0-9a-f-]{36}$/);
  });

  fuzzForm({
    name: "/desk/tickets/{reference}",
    action: ticket.action,
    get path() {
      return `/desk/tickets/${state.reference}`;
    },
    get params() {
      return { reference: state.reference };
    },
    headers: session,
    ...TICKET_FIELDS,
  });
  fuzzForm({
    name: "/desk/tickets/{reference}/voice",
    action: voice.action,
    get path() {
      return `/desk/tickets/${state.reference}/voice`;
    },
    get params() {
      return { reference: state.reference };
    },
    headers: session,
    fields: ["voiceIntent", "staff", "reportedBy", "note"],
    values: ["adopt", "reward", "report", "apology", "customer", "manager", "fuzz-agent@desk.test"],
  });
  fuzzForm({
    name: "/desk/log-contact",
    action: logContact.action,
    path: "/desk/log-contact",
    headers: session,
    fields: [
      "channel",
      "receivedAt",
      "name",
      "email",
      "phone",
      "preferredContact",
      "subject",
      "body",
      "category",
      "callbackRequested",
      "resolvedOnContact",
      "requestedReplyBy",
      "files",
    ],
    values: [
      "phone",
      "visit",
      "mail",
      "fax",
      "2026-04-30T15:00",
      "홍길동",
      "hong@example.com",
      "010-1234-5678",
      "문의",
      "내용",
      "general",
      "on",
      "2099-12-31",
    ],
  });
  fuzzForm({
    name: "/desk/guarantee",
    action: guaranteeIndex.action,
    path: "/desk/guarantee",
    headers: session,
    fields: ["intent", "reference", "note"],
    intents: ["repeatVisit"],
    get values() {
      return [state.reference, "두 번 방문했습니다"];
    },
  });
  fuzzForm({
    name: "/desk/guarantee/{id}",
    action: guaranteeCase.action,
    get path() {
      return `/desk/guarantee/${state.caseId}`;
    },
    get params() {
      return { id: state.caseId };
    },
    headers: session,
    fields: ["intent", "result", "deskAtFault", "apology"],
    values: ["사실 확인 결과입니다", "on", "yes", "no", "죄송합니다"],
    intents: ["factCheck", "apology", "confirm", "repeatVisit"],
  });
  fuzzForm({ name: "/desk/sessions (log out everywhere)", action: sessions.action, path: "/desk/sessions", headers: freshSession });

  it("nothing damaged was stored", async () => {
    const damaged = await damagedTextStored();
    console.log(
      `[fuzz] desk forms: columns with damaged text (U+FFFD from bad bytes): ${damaged.length ? JSON.stringify(damaged) : "none"}`,
    );
    expect(damaged).toEqual([]);
  });
});
