// Saved queue views on real PostgreSQL: each person's own, stored in the queue's canonical form,
// renamed and deleted by their owner only, and bad names refused beside the field with what was typed.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { savedQueueViews } from "../../db/schema";
import { executor } from "../../db/connection";
import { canonicalViewQuery, MAX_VIEWS } from "~/desk/saved-views.server";
import { createStaffMember } from "~/staff/staff.server";
import { loader as queueLoader } from "~/routes/desk._index";
import { action as viewsAction, loader as viewsLoader } from "~/routes/desk.views";
import { useTestDatabase } from "../support/db";
import { call } from "../support/route-calls";
import { signedIn } from "../support/staff";

useTestDatabase();

type Answer = {
  type: string;
  data: { form: string; errors: Record<string, string>; values: Record<string, string> };
  init: ResponseInit | null;
};

describe("saved queue views", () => {
  it("keeps the queue's own parameters only, valid and without the page position, with the tab always named", () => {
    const agent = { id: "x", teamId: "t", role: "agent" as const };
    expect(canonicalViewQuery("?status=new&channel=pigeon&cursor=abc&foo=bar&saved=1", agent)).toBe("tab=mine&status=new");
    expect(canonicalViewQuery("tab=active&sort=newest&channel=mail&q=%ED%99%8D%EA%B8%B8%EB%8F%99", agent)).toBe(
      "tab=active&sort=newest&channel=mail&q=%ED%99%8D%EA%B8%B8%EB%8F%99",
    );
    // A personal number typed as a search word is not stored raw.
    expect(canonicalViewQuery("tab=active&q=900101-1234567", agent)).not.toContain("1234567");
  });

  it("saves, lists, renames and deletes a person's own views, and nobody else's", async () => {
    const agent = await createStaffMember({
      email: "a@desk.test",
      name: "김하늘",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    const other = await createStaffMember({
      email: "b@desk.test",
      name: "이도윤",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    const me = await signedIn(agent.id);
    const them = await signedIn(other.id);

    const saved = (await call(
      viewsAction,
      me.post("/desk/views", { intent: "save", name: "신규 우편", query: "tab=active&channel=mail&status=new&cursor=zzz" }),
    )) as Response;
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe("/desk?tab=active&channel=mail&status=new&saved=1");

    // The queue shows it as a link, marked when its filters are the ones showing.
    const queue = (await call(queueLoader, me.get("/desk?tab=active&status=new&channel=mail&saved=1"))) as {
      savedViews: { views: Array<{ id: string; name: string; query: string; href: string }>; current: string; saved: boolean };
    };
    expect(queue.savedViews.saved).toBe(true);
    expect(queue.savedViews.views.map((v) => v.name)).toEqual(["신규 우편"]);
    expect(queue.savedViews.views[0]!.query).toBe(queue.savedViews.current);
    const id = queue.savedViews.views[0]!.id;
    const theirs = (await call(queueLoader, them.get("/desk?tab=mine"))) as typeof queue;
    expect(theirs.savedViews.views).toEqual([]);

    // The same name twice, or none: refused beside the name, with what was typed kept.
    const twice = (await call(viewsAction, me.post("/desk/views", { intent: "save", name: "신규 우편", query: "tab=waiting" }))) as Answer;
    expect(twice.init?.status).toBe(409);
    expect(twice.data).toMatchObject({ form: "new", values: { name: "신규 우편", query: "tab=waiting" } });
    expect(twice.data.errors.name).toContain("같은 이름");
    const blank = (await call(viewsAction, me.post("/desk/views", { intent: "save", name: "  ", query: "tab=waiting" }))) as Answer;
    expect(blank.init?.status).toBe(422);
    expect(blank.data.errors.name).toBeTruthy();
    expect(blank.data.values.query).toBe("tab=waiting");

    // Another person can neither rename nor delete it.
    expect(((await call(viewsAction, them.post("/desk/views", { intent: "rename", id, name: "가로채기" }))) as Answer).init?.status).toBe(
      404,
    );
    expect(((await call(viewsAction, them.post("/desk/views", { intent: "delete", id }))) as Answer).init?.status).toBe(404);
    expect((await executor().select().from(savedQueueViews).where(eq(savedQueueViews.id, id)))[0]?.name).toBe("신규 우편");

    // The owner renames (a clash is refused beside that view's field) and deletes.
    await call(viewsAction, me.post("/desk/views", { intent: "save", name: "대기", query: "tab=waiting" }));
    const clash = (await call(viewsAction, me.post("/desk/views", { intent: "rename", id, name: "대기" }))) as Answer;
    expect(clash.init?.status).toBe(409);
    expect(clash.data.form).toBe(id);
    expect(((await call(viewsAction, me.post("/desk/views", { intent: "rename", id, name: "우편 신규 건" }))) as Response).status).toBe(
      303,
    );
    const page = (await call(viewsLoader, me.get("/desk/views"))) as { views: Array<{ name: string }> };
    expect(page.views.map((v) => v.name)).toEqual(["우편 신규 건", "대기"]);
    expect(((await call(viewsAction, me.post("/desk/views", { intent: "delete", id }))) as Response).status).toBe(303);
    expect(((await call(viewsLoader, me.get("/desk/views"))) as typeof page).views.map((v) => v.name)).toEqual(["대기"]);
  });

  it(`keeps at most ${MAX_VIEWS} views a person`, async () => {
    const lead = await createStaffMember({
      email: "lead@desk.test",
      name: "박서연",
      role: "lead",
      team: "complaints-1",
      password: "pw-123456789",
    });
    const me = await signedIn(lead.id);
    for (let i = 0; i < MAX_VIEWS; i++)
      expect(
        ((await call(viewsAction, me.post("/desk/views", { intent: "save", name: `보기 ${i}`, query: "tab=team" }))) as Response).status,
      ).toBe(303);
    const over = (await call(viewsAction, me.post("/desk/views", { intent: "save", name: "하나 더", query: "tab=team" }))) as Answer;
    expect(over.init?.status).toBe(422);
    expect(over.data.errors.name).toContain(String(MAX_VIEWS));
    expect(over.data.values.name).toBe("하나 더");
  });
});
