import { useParams, useRouteError } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { ErrorPage, errorStatus } from "~/ui/error-page";

/** Unknown reference or an unexpected failure: said in words, with the way back to the queues. */
export function TicketErrorBoundary() {
  const status = errorStatus(useRouteError());
  const params = useParams();
  const t = useT();
  const notFound = status === 404;
  return (
    <ErrorPage
      status={status}
      title={notFound ? t("desk.ticket.notFoundTitle") : t("desk.ticket.errorTitle")}
      message={notFound ? t("desk.ticket.notFound", { reference: params.reference ?? "" }) : t("common.unexpected")}
      back={{ to: "/desk", label: t("desk.ticket.backToQueues") }}
    />
  );
}
