import { isRouteErrorResponse, Link, useParams, useRouteError } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/** Unknown reference or an unexpected failure: said in words, with the way back to the queues. */
export function TicketErrorBoundary() {
  const error = useRouteError();
  const params = useParams();
  const t = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <section className="error-page" aria-labelledby="ticket-error-title">
      <h1 id="ticket-error-title">{notFound ? t("desk.ticket.notFoundTitle") : t("desk.ticket.errorTitle")}</h1>
      <p role="alert">
        {notFound ? t("desk.ticket.notFound", { reference: params.reference ?? "" }) : t("common.unexpected")}
      </p>
      <p>
        <Link to="/desk">{t("desk.ticket.backToQueues")}</Link>
      </p>
    </section>
  );
}
