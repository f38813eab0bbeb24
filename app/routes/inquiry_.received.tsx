// /inquiry/received — the confirmation after a web inquiry (POST → redirect → GET). The
// reference comes from a short-lived signed cookie, so the URL carries nothing personal; showing
// the page ends the cookie and the page is not cached, so it is seen once.
import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import intakeStyles from "~/intake/intake.css";
import { forgetReceipt, readReceipt } from "~/intake/receipt.server";
import { formatKst } from "~/lib/time";
import { TrackingLinkNotice } from "~/portal/intake-extras";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: intakeStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const receipt = await readReceipt(request);
  const body = receipt ? { reference: receipt.reference, receivedAt: formatKst(receipt.receivedAt), trackingUrl: receipt.trackingUrl ?? null } : null;
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (receipt) headers.append("Set-Cookie", await forgetReceipt());
  return data(body, { headers });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? "no-store" });

type Receipt = { reference: string; receivedAt: string; trackingUrl: string | null };

export default function InquiryReceived() {
  const t = useT();
  const receipt = useLoaderData<typeof loader>() as unknown as Receipt | null;
  if (!receipt) {
    return (
      <section aria-labelledby="received-title" className="intake">
        <h1 id="received-title">{t("received.missingTitle")}</h1>
        <p>{t("received.missing")}</p>
        <p>
          <Link to="/inquiry">{t("received.another")}</Link> · <Link to="/">{t("received.home")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="received-title" className="intake">
      <h1 id="received-title">{t("received.title")}</h1>
      <div className="notice receipt" role="status">
        <p className="receipt-label">{t("received.reference")}</p>
        <p className="reference">{receipt.reference}</p>
        <p className="muted">{t("received.at", { at: receipt.receivedAt })}</p>
      </div>
      <p>{t("received.keep")}</p>
      {receipt.trackingUrl ? <TrackingLinkNotice url={receipt.trackingUrl} /> : null}
      <h2>{t("received.nextTitle")}</h2>
      <ol>
        <li>{t("received.next1")}</li>
        <li>{t("received.next2")}</li>
        <li>{t("received.next3")}</li>
      </ol>
      <p>
        <Link to="/inquiry">{t("received.another")}</Link> · <Link to="/">{t("received.home")}</Link>
      </p>
    </section>
  );
}
