// /track/mine — "나의 민원": after the one-time code of /lookup proved an email address or mobile
// number, every inquiry filed under it in one list, with its state and due date, each opening its
// track page. Without that proof: what this page is, and the way to the code.
import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { Lang } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";
import { dateTimeWords, dueWords } from "~/i18n/date-words";
import { endMine, listMine, verifiedContact, type MineItem } from "~/portal/mine.server";
import portalStyles from "~/portal/portal.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portalStyles }];

// Public pages are titled in both languages (the words of mine.title; meta also runs in the browser,
// which has only the active language's messages).
export const meta: MetaFunction = () => [{ title: "나의 민원 / My inquiries" }, { name: "robots", content: "noindex" }];

/** A customer's page: never cached, never sent on as a referrer. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" });

export async function loader({ request }: LoaderFunctionArgs) {
  const contact = await verifiedContact(request);
  if (!contact) return { verified: false as const, items: [] as MineItem[] };
  return { verified: true as const, items: await listMine(contact) };
}

/** "이 브라우저에서 조회 끝내기": the list's proof ends. */
export async function action(_: ActionFunctionArgs) {
  return data({ ended: true }, { headers: { "Set-Cookie": await endMine() } });
}

function dueText(item: MineItem, t: (k: string, p?: Record<string, string | number>) => string, lang: Lang): string {
  const due = item.due;
  switch (due.state) {
    case "due":
      return due.overdue ? t("mine.overdue", { date: dueWords(due.dueAt, lang) }) : t("mine.due", { date: dueWords(due.dueAt, lang) });
    case "waiting":
      return t("mine.waiting");
    case "answered":
      return due.at ? t("mine.answered", { date: dateTimeWords(due.at, lang) }) : t("track.answeredNoDate");
    case "closed":
      return t("track.closed");
    case "checking":
      return t("track.checking");
  }
}

export default function Mine() {
  const t = useT();
  const lang = useLang();
  const { verified, items } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="mine-title" className="portal">
      <h1 id="mine-title">{t("mine.title")}</h1>
      {!verified ? (
        <>
          <p>{t("mine.intro")}</p>
          <p>
            <Link to="/lookup?next=mine" className="button primary">
              {t("mine.verify")}
            </Link>
          </p>
        </>
      ) : items.length === 0 ? (
        <p>{t("mine.empty")}</p>
      ) : (
        <>
          <p>{t("mine.count", { count: items.length })}</p>
          <ul className="mine-list">
            {items.map((item) => (
              <li key={item.reference}>
                <p>
                  <Link to={`/track/mine/${encodeURIComponent(item.reference)}`} reloadDocument>
                    <span className="reference-inline">{item.reference}</span> · {item.subject}
                  </Link>
                </p>
                <p>
                  <strong>{t.dynamic(`mine.status.${item.status}`)}</strong> · {dueText(item, t.dynamic, lang)}
                </p>
                <p className="muted">
                  {t.dynamic(`portal.kind.${item.kind}`)} · {t("mine.receivedAt", { date: dateTimeWords(item.receivedAt, lang) })}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
      {verified ? (
        <Form method="post" className="actions-row">
          <button type="submit" className="link-button">
            {t("track.leave")}
          </button>
          <span className="muted">{t("track.leaveHint")}</span>
        </Form>
      ) : null}
    </section>
  );
}
