// /status/confirm/<token> — the link sent when someone subscribes to status notices. Opening it
// only shows a button (mail scanners that open links must not confirm anyone); the POST confirms.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { confirmSubscription, findConfirmation } from "~/outages/subscriptions.server";
import opsStyles from "~/outages/operations.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

export const meta: MetaFunction = () => [{ title: "알림 신청 확인 / Confirm notifications" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findConfirmation(params.token ?? "");
  return found.state === "invalid" ? { state: "invalid" as const, address: null } : found;
}

export async function action({ params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  await confirmSubscription(token);
  return redirect(`/status/confirm/${encodeURIComponent(token)}`, { status: 303 });
}

export default function ConfirmSubscription() {
  const t = useT();
  const page = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <section aria-labelledby="confirm-title">
      <h1 id="confirm-title">{t("ops.confirm.title")}</h1>
      {page.state === "invalid" ? (
        <p role="status">{t("ops.confirm.invalid")}</p>
      ) : page.state === "pending" ? (
        <>
          <p>{t("ops.confirm.ask", { address: page.address ?? "" })}</p>
          <Form method="post">
            <button type="submit" className="primary" disabled={busy}>
              {t("ops.confirm.submit")}
            </button>
          </Form>
        </>
      ) : (
        <p role="status" className="notice">
          {t("ops.confirm.done")}
        </p>
      )}
      <p>
        <Link to="/status">{t("ops.status.title")}</Link>
      </p>
    </section>
  );
}
