// Staff in route tests: the requests of a signed-in member, and a team of its own per test.
import { startSession, staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";

export const BASE = "http://desk.test";
export const PASSWORD = "pw-123456789";

/** Form fields as a test writes them; FormData is sent as multipart, the others as a urlencoded form. */
export type Fields = URLSearchParams | Record<string, string> | FormData;

/** GET and POST requests carrying a new session cookie of `staffId`. */
export async function signedIn(staffId: string) {
  const cookie = (await startSession(new Request(BASE), staffId)).split(";")[0]!;
  return {
    cookie,
    get: (path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } }),
    post: (path: string, fields: Fields) =>
      new Request(`${BASE}${path}`, {
        method: "POST",
        body: fields instanceof FormData ? fields : new URLSearchParams(fields),
        headers: { Cookie: cookie },
      }),
  };
}

let teams = 0;

/**
 * A team of its own (team keys `${prefix}-1`, `-2`, … in this test file): an agent, a colleague
 * and a lead, with the agent's and the lead's actor and signed-in requests.
 */
export async function makeTeam(prefix = "team") {
  const n = ++teams;
  const key = `${prefix}-${n}`;
  const member = (who: string, name: string, role: "agent" | "lead") =>
    createStaffMember({ email: `${prefix}-${who}${n}@desk.test`, name: `${name}${n}`, role, team: key, password: PASSWORD });
  const agent = await member("agent", "김하늘", "agent");
  const other = await member("other", "이도윤", "agent");
  const lead = await member("lead", "박서연", "lead");
  return {
    key,
    agent,
    other,
    lead,
    actor: staffActor({ ...agent, locale: "ko" }),
    leadActor: staffActor({ ...lead, locale: "ko" }),
    http: await signedIn(agent.id),
    leadHttp: await signedIn(lead.id),
  };
}

export type TestTeam = Awaited<ReturnType<typeof makeTeam>>;
