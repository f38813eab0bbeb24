import { describe, expect, it } from "vitest";
import { createApiToken } from "~/auth/tokens.server";
import { loader } from "~/routes/api.v1.sla.deadlines";
import { useTestDatabase } from "../support/db";

useTestDatabase();

async function get(query: string, token?: string) {
  const request = new Request(`http://localhost/api/v1/sla/deadlines?${query}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return loader({ request, params: {}, context: {} });
}

describe("GET /api/v1/sla/deadlines", () => {
  it("previews the timers of a contact with explanations, creating nothing", async () => {
    const { token } = await createApiToken({ name: "cti", role: "agent" });
    const res = await get(`channel=web&receivedAt=${encodeURIComponent("2026-04-30T15:00:00+09:00")}&lang=ko`, token);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.timers.map((t: { metric: string }) => t.metric)).toEqual(["first_reply", "resolution"]);
    const firstReply = body.timers[0];
    expect(firstReply.dueAt).toBe("2026-05-04T06:00:00.000Z");
    expect(firstReply.explanation.join(" ")).toContain("노동절");
  });

  it("adds callback and requested-reply timers when asked", async () => {
    const { token } = await createApiToken({ name: "cti2", role: "agent" });
    const res = await get(
      `channel=phone&callbackRequested=true&requestedReplyBy=2026-05-08&receivedAt=${encodeURIComponent("2026-05-06T11:45:00+09:00")}&lang=en`,
      token,
    );
    const body = await res.json();
    const byMetric = Object.fromEntries(body.timers.map((t: { metric: string; dueAt: string }) => [t.metric, t.dueAt]));
    expect(byMetric.callback).toBe("2026-05-06T04:15:00.000Z"); // 13:15 KST: lunch skipped
    expect(byMetric.requested_reply).toBe("2026-05-08T09:00:00.000Z");
    expect(byMetric.first_reply).toBeUndefined();
  });

  it("answers 422 problem+json for invalid instants or unknown channels, 401 without a token", async () => {
    const { token } = await createApiToken({ name: "cti3", role: "agent" });
    const bad = await get("channel=pigeon&receivedAt=yesterday", token);
    expect(bad.status).toBe(422);
    expect(bad.headers.get("Content-Type")).toMatch(/problem\+json/);
    const body = await bad.json();
    expect(Object.keys(body.errors).sort()).toEqual(["channel", "receivedAt"]);
    expect((await get("channel=web&receivedAt=2026-02-30T10:00:00%2B09:00", token)).status).toBe(422);
    expect((await get("channel=web")).status).toBe(401);
  });
});
