import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession, getStaffUser } from "~/auth/session.server";
import { recordAudit } from "~/security/audit.server";
import { clientIp } from "~/security/client-ip.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getStaffUser(request);
  const cookie = await endSession(request);
  if (user) await recordAudit({ actor: user, action: "logout", targetType: "staff", targetId: user.id, ip: clientIp(request, context) });
  return redirect("/login", { headers: { "Set-Cookie": cookie } });
}

export const loader = () => redirect("/");
