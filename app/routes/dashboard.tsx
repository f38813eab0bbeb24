// /dashboard — the SLA dashboard for team leads and above (a lead sees their own team only).
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import dashboardStyles from "~/reports/dashboard.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "lead");
  return { role: user.role };
}

export default function DashboardLayout() {
  return <Outlet />;
}
