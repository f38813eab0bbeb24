// /admin — the administrator's pages: the working calendar and the SLA policies.
// Who may do what: managers (and admins) may VIEW every admin page; only admins may CHANGE
// anything. Every loader below /admin therefore calls requireStaff(request, "manager") and every
// action requireStaff(request, "admin") — a layout's check does not guard its children's
// loaders (Remix runs them in parallel), so each route checks for itself.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useRouteLoaderData } from "@remix-run/react";
import adminStyles from "~/admin/admin.css";
import { requireStaff } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manager");
  return { me: { name: user.name, role: user.role }, canEdit: user.role === "admin" };
}

export type AdminLayoutData = Awaited<ReturnType<typeof loader>>;

/** Whether the signed-in person may change things (admins) or only look (managers). */
export function useAdminCanEdit(): boolean {
  return useRouteLoaderData<typeof loader>("routes/admin")?.canEdit ?? false;
}

export default function AdminLayout() {
  const t = useT();
  const canEdit = useAdminCanEdit();
  return (
    <div className="admin">
      <nav aria-label={t("admin.nav.label")} className="admin-nav">
        <ul className="tabs">
          <li>
            <NavLink to="/admin" end>
              {t("admin.nav.home")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/admin/calendar">{t("admin.nav.calendar")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/policies">{t("admin.nav.policies")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/outbox">{t("admin.nav.outbox")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/users">{t("admin.nav.people")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/teams">{t("admin.nav.teams")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/tokens">{t("admin.nav.tokens")}</NavLink>
          </li>
          {canEdit ? (
            <li>
              <NavLink to="/admin/audit">{t("audit.title")}</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      {canEdit ? null : (
        <p className="notice admin-readonly" id="admin-readonly">
          {t("admin.readOnly")}
        </p>
      )}
      <Outlet />
    </div>
  );
}
