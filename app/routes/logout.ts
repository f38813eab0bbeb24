import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/auth/session.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await endSession(request) } });
}

export const loader = () => redirect("/");
