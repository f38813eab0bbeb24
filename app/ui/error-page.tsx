// The one error page: what went wrong in words (not found, not allowed, anything else) in the
// reader's language, and the way back. The root boundary shows it; a page whose way back is
// somewhere else than the home page gives its own title, words and link.
import { isRouteErrorResponse, Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/** The HTTP status a route error stands for (a thrown 404 response, or 500 for anything else). */
export function errorStatus(error: unknown): number {
  return isRouteErrorResponse(error) ? error.status : 500;
}

export function ErrorPage({
  status,
  title,
  message,
  back,
}: {
  status: number;
  title?: string;
  message?: string;
  back?: { to: string; label: string };
}) {
  const t = useT();
  const words = message ?? (status === 404 ? t("common.notFound") : status === 403 ? t("common.forbidden") : t("common.unexpected"));
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{title ?? status}</h1>
      <p role="alert">{words}</p>
      <p>
        <Link to={back?.to ?? "/"}>{back?.label ?? t("common.back")}</Link>
      </p>
    </section>
  );
}
