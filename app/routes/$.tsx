// Any address no other page answers: a real 404 page in Korean and English, rendered like every
// other page (an unmatched URL used to fall to the root error boundary, whose render differed
// between server and browser — React errors #418/#423 on the client).
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { getLang } from "~/i18n/lang.server";
import { translate } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = await getLang(request);
  return data({ title: translate(lang, "notFound.title") }, { status: 404 });
}

export const meta: MetaFunction = ({ data: page }) => [{ title: (page as { title?: string } | undefined)?.title ?? "404" }];

export default function NotFound() {
  const t = useT();
  return (
    <section className="error-page" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t("notFound.title")}</h1>
      <p>{t("common.notFound")}</p>
      <p>{t("notFound.hint")}</p>
      <ul>
        <li>
          <Link to="/">{t("common.back")}</Link>
        </li>
        <li>
          <Link to="/inquiry">{t("notFound.inquiry")}</Link>
        </li>
        <li>
          <Link to="/lookup">{t("notFound.lookup")}</Link>
        </li>
      </ul>
    </section>
  );
}
