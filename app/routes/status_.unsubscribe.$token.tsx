// /status/unsubscribe/<token> — stop the outage and maintenance notices. The link only shows a
// button (mail scanners that open links must not unsubscribe anyone); the POST ends it.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { findSubscriptionByToken, maskedAddress, unsubscribe } from "~/outages/subscriptions.server";
import opsStyles from "~/outages/operations.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

export const meta: MetaFunction = () => [{ title: "알림 수신 해지 / Unsubscribe" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await findSubscriptionByToken(params.token ?? "");
  const done = new URL(request.url).searchParams.get("done") === "1";
  if (!found.found) return { state: "invalid" as const, address: null };
  const address = maskedAddress(found);
  return { state: found.cancelled ? (done ? ("done" as const) : ("cancelled" as const)) : ("active" as const), address };
}

export async function action({ params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  await unsubscribe(token);
  return redirect(`/status/unsubscribe/${encodeURIComponent(token)}?done=1`, { status: 303 });
}

export default function Unsubscribe() {
  const t = useT();
  const page = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <section aria-labelledby="unsub-title">
      <h1 id="unsub-title">{t("ops.unsubscribe.title")}</h1>
      {page.state === "invalid" ? (
        <p role="status">{t("ops.unsubscribe.invalid")}</p>
      ) : page.state === "active" ? (
        <>
          <p>{t("ops.unsubscribe.confirm", { address: page.address ?? "" })}</p>
          <Form method="post">
            <button type="submit" className="primary" disabled={busy}>
              {t("ops.unsubscribe.submit")}
            </button>
          </Form>
        </>
      ) : (
        <p role="status" className="notice">
          {t("ops.unsubscribe.done")}
        </p>
      )}
      <p>
        <Link to="/status">{t("ops.status.title")}</Link>
      </p>
    </section>
  );
}
