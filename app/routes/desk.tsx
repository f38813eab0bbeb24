// The staff desk: every page under /desk needs a signed-in staff member.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useRouteLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import deskStyles from "~/desk/desk.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: deskStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  return { me: { id: user.id, name: user.name, email: user.email, role: user.role, teamId: user.teamId } };
}

export type DeskLayoutData = Awaited<ReturnType<typeof loader>>;

/** The signed-in staff member, for components below /desk. */
export function useDeskUser(): DeskLayoutData["me"] | undefined {
  return useRouteLoaderData<typeof loader>("routes/desk")?.me;
}

export default function DeskLayout() {
  return <Outlet />;
}
