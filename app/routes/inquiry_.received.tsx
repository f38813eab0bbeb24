// /inquiry/received — the confirmation after a web inquiry (POST → redirect → GET). The
// reference comes from a short-lived signed cookie, so the URL carries nothing personal. It is
// also the customer's receipt: what was filed, the promised date in words, the reply channel
// actually chosen; printable (or saved as PDF) through the print stylesheet. Showing
// the page ends the cookie and the page is not cached, so it is seen once.
import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useLang, useT } from "~/i18n/use-t";
import intakeStyles from "~/intake/intake.css";
import { forgetReceipt, readReceipt } from "~/intake/receipt.server";
import { formatKst } from "~/lib/time";
import { dueWords } from "~/i18n/date-words";
import { TrackingLinkNotice } from "~/portal/intake-extras";
import { loadPortalView } from "~/portal/portal.server";
import { getTicketDetail } from "~/tickets/tickets.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: intakeStyles }];

// Public pages are titled in both languages (the words of received.title; meta also runs in the browser,
// which has only the active language's messages).
export const meta: MetaFunction = () => [{ title: "문의가 접수되었습니다 · Your inquiry has been received" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const receipt = await readReceipt(request);
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (!receipt) return data(null, { headers });
  headers.append("Set-Cookie", await forgetReceipt());
  const [view, detail] = await Promise.all([loadPortalView(receipt.reference), getTicketDetail(receipt.reference)]);
  return data(
    {
      reference: receipt.reference,
      receivedAt: formatKst(receipt.receivedAt),
      trackingUrl: receipt.trackingUrl ?? null,
      subject: view?.subject ?? null,
      /** The first promised moment (ISO), put in words on the page. */
      dueAt: view?.due.state === "due" ? view.due.dueAt : null,
      replyMethod: detail?.customer.preferredContact ?? null,
    },
    { headers },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? "no-store" });

type ReceiptView = {
  reference: string;
  receivedAt: string;
  trackingUrl: string | null;
  subject: string | null;
  dueAt: string | null;
  replyMethod: string | null;
};

export default function InquiryReceived() {
  const t = useT();
  const lang = useLang();
  const receipt = useLoaderData<typeof loader>() as unknown as ReceiptView | null;
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
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
  const channel = receipt.replyMethod ? t.dynamic(`contact.${receipt.replyMethod}`) : null;
  const copy = () =>
    navigator.clipboard
      .writeText(receipt.reference)
      .then(() => setCopied("yes"))
      .catch(() => setCopied("no"));
  return (
    <section aria-labelledby="received-title" className="intake receipt-page">
      <h1 id="received-title">{t("received.title")}</h1>
      <div className="notice receipt" role="status">
        <p className="receipt-label">{t("received.reference")}</p>
        <p className="reference">{receipt.reference}</p>
        <p className="muted">{t("received.at", { at: receipt.receivedAt })}</p>
      </div>
      <dl className="receipt-details">
        {receipt.subject ? (
          <>
            <dt>{t("received.subject")}</dt>
            <dd>{receipt.subject}</dd>
          </>
        ) : null}
        {receipt.dueAt ? (
          <>
            <dt>{t("received.dueTitle")}</dt>
            <dd>{t("received.dueAt", { at: dueWords(receipt.dueAt, lang) })}</dd>
          </>
        ) : null}
        <dt>{t("received.channelTitle")}</dt>
        <dd>{channel ?? t("received.channelAny")}</dd>
      </dl>
      <div className="actions-row no-print">
        <button type="button" className="secondary" onClick={copy}>
          {t("received.copy")}
        </button>
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t("received.print")}
        </button>
        <span role="status" aria-live="polite" className="muted">
          {copied === "yes" ? t("received.copied") : copied === "no" ? t("received.copyFailed") : ""}
        </span>
      </div>
      <p>{t("received.keep")}</p>
      {receipt.trackingUrl ? <TrackingLinkNotice url={receipt.trackingUrl} /> : null}
      <h2>{t("received.nextTitle")}</h2>
      <ol>
        <li>{t("received.next1")}</li>
        <li>{channel ? t("received.next2chosen", { channel }) : t("received.next2any")}</li>
        <li>{t("received.next3")}</li>
      </ol>
      <p className="no-print">
        <Link to="/inquiry">{t("received.another")}</Link> · <Link to="/">{t("received.home")}</Link>
      </p>
    </section>
  );
}
