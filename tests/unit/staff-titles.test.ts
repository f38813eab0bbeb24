// Every staff page names itself in the tab: its own title, in the page's language, no raw keys.
import { describe, expect, it } from "vitest";
import type { MetaFunction } from "@remix-run/node";
import * as queue from "~/routes/desk._index";
import * as ticket from "~/routes/desk.tickets.$reference";
import * as logContact from "~/routes/desk.log-contact";
import * as guarantee from "~/routes/desk.guarantee._index";
import * as guaranteeCase from "~/routes/desk.guarantee.$id";
import * as password from "~/routes/desk.password";
import * as sessions from "~/routes/desk.sessions";
import * as disclosure from "~/routes/desk.tickets.$reference_.disclosure";
import * as remote from "~/routes/desk.tickets.$reference_.remote";
import * as outages from "~/routes/desk.outages._index";
import * as outageNew from "~/routes/desk.outages.new";
import * as outage from "~/routes/desk.outages.$id";
import * as maintenanceNew from "~/routes/desk.outages.maintenance.new";
import * as maintenance from "~/routes/desk.outages.maintenance.$id";
import * as reviews from "~/routes/desk.reviews._index";
import * as review from "~/routes/desk.reviews.$id";
import * as surveys from "~/routes/desk.surveys._index";
import * as admin from "~/routes/admin._index";
import * as audit from "~/routes/admin.audit";
import * as calendar from "~/routes/admin.calendar";
import * as outbox from "~/routes/admin.outbox";
import * as policies from "~/routes/admin.policies._index";
import * as policy from "~/routes/admin.policies.$key";
import * as tokens from "~/routes/admin.tokens";
import * as users from "~/routes/admin.users";
import * as login from "~/routes/login";
import * as root from "~/root";
import { dictionaries } from "~/i18n/i18n";

const pages = {
  queue,
  ticket,
  logContact,
  guarantee,
  guaranteeCase,
  password,
  sessions,
  disclosure,
  remote,
  outages,
  outageNew,
  outage,
  maintenanceNew,
  maintenance,
  reviews,
  review,
  surveys,
  admin,
  audit,
  calendar,
  outbox,
  policies,
  policy,
  tokens,
  users,
  login,
} as Record<string, { meta?: MetaFunction }>;

function titleOf(meta: MetaFunction | undefined, lang: "ko" | "en", data: unknown = undefined): string {
  expect(meta).toBeTypeOf("function");
  const descriptors = meta!({
    data,
    params: {},
    matches: [{ id: "root", data: { lang, messages: dictionaries[lang] } }],
    location: {},
  } as never) as Array<{ title?: string }>;
  return descriptors.find((d) => d.title)?.title ?? "";
}

describe("staff page titles", () => {
  it("each staff page has its own title in Korean and in English, with the desk's name", () => {
    // A policy page is named after its policy (below); without one it would repeat the list's title.
    const data: Record<string, unknown> = { policy: { mode: "edit", policy: { name: "온라인 답변" } } };
    const ko = Object.entries(pages).map(([name, m]) => [name, titleOf(m.meta, "ko", data[name])] as const);
    for (const [name, title] of ko) {
      expect(title, name).toMatch(/[가-힣]/);
      expect(title, name).toContain("고객만족센터 서비스 데스크");
      expect(title, name).not.toMatch(/\b[a-z]+\.[a-zA-Z]+\b/);
    }
    expect(new Set(ko.map(([, t]) => t)).size).toBe(ko.length);
    for (const [name, m] of Object.entries(pages)) expect(titleOf(m.meta, "en"), name).toMatch(/Service Desk$/);
  });

  it("a policy page is titled by the policy's name, never its key", () => {
    const title = titleOf(policy.meta, "ko", { mode: "edit", key: "online_reply", policy: { name: "온라인 답변" } });
    expect(title).toBe("온라인 답변 — 서비스 기준 · 고객만족센터 서비스 데스크");
  });

  it("the root names the desk, and links the favicon", () => {
    expect(titleOf(root.meta as MetaFunction, "ko", { lang: "ko", user: null })).toBe("고객만족센터 서비스 데스크");
    expect(root.links()).toContainEqual({ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" });
  });
});
