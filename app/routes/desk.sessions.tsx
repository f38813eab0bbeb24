// /desk/sessions — where the signed-in staff member is logged in, and "log out everywhere":
// every session of the account ends at once (a lost phone, a shared computer, a suspected theft).
import { type MetaFunction, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { endAllSessions, endSession, listSessions, requireStaff, sessionIdOf } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { recordAudit } from "~/security/audit.server";
import { clientIp } from "~/security/client-ip.server";
import securityStyles from "~/security/security.css";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.sessions");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: securityStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const sessions = await listSessions(user.id, await sessionIdOf(request));
  return {
    // No part of a session id leaves the server.
    sessions: sessions.map((s, i) => ({
      key: `${s.createdAt.getTime()}-${i}`,
      current: s.current,
      created: formatKst(s.createdAt),
      lastSeen: formatKst(s.lastSeenAt),
      expires: formatKst(s.expiresAt),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const ended = await endAllSessions(user.id);
  await recordAudit({
    actor: user,
    action: "logout.everywhere",
    targetType: "staff",
    targetId: user.id,
    ip: clientIp(request, context),
    details: { sessionsEnded: ended },
  });
  // This device's cookie goes too (its session row is already gone).
  return redirect(`/login?everywhere=${ended}`, { status: 303, headers: { "Set-Cookie": await endSession(request) } });
}

export default function Sessions() {
  const t = useT();
  const { sessions } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <section aria-labelledby="sessions-title">
      <h1 id="sessions-title">{t("sessions.title")}</h1>
      <p>{t("sessions.lead")}</p>
      <h2 id="sessions-count">{t("sessions.count", { count: sessions.length })}</h2>
      <ul className="sessions-list" aria-labelledby="sessions-count">
        {sessions.map((s) => (
          <li key={s.key}>
            <strong>{s.current ? t("sessions.current") : t("sessions.other")}</strong>
            <dl>
              <dt>{t("sessions.created")}</dt>
              <dd>{s.created}</dd>
              <dt>{t("sessions.lastSeen")}</dt>
              <dd>{s.lastSeen}</dd>
              <dt>{t("sessions.expires")}</dt>
              <dd>{s.expires}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <Form method="post" className="form">
        <p className="hint" id="everywhere-hint">
          {t("sessions.everywhereHint")}
        </p>
        <div>
          <button type="submit" className="danger" aria-describedby="everywhere-hint" disabled={busy}>
            {t("sessions.everywhere")}
          </button>
        </div>
      </Form>
    </section>
  );
}
