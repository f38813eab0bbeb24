import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { getStaffUser } from "~/auth/session.server";
import type { Lang } from "~/i18n/format";
import { dictionaries } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { translatorOf } from "~/i18n/use-t";
import { useNonce } from "~/security/nonce";
import { ErrorPage, errorStatus } from "~/ui/error-page";
import stylesheet from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The desk's name; every page's own meta export puts its title in front of it (~/ui/page-title). */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translatorOf(data)("app.name") }];

/**
 * The language, its messages (only the active language's: the browser's code holds no
 * dictionary, see docs/decisions/0018-typed-i18n-one-language-to-the-browser.md) and who is signed in.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const [lang, user] = await Promise.all([getLang(request), getStaffUser(request)]);
  return { lang, messages: dictionaries[lang], user: user ? { name: user.name, role: user.role, email: user.email } : null };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const lang: Lang = data?.lang ?? "ko";
  const t = translatorOf(data);
  const nonce = useNonce();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("nav.skip")}
        </a>
        <Header />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const data = useRootData();
  const t = translatorOf(data);
  const location = useLocation();
  const user = data?.user;
  const other = data?.lang === "en" ? "ko" : "en";
  return (
    <header className="site-header">
      <Link to={user ? "/desk" : "/"} className="brand">
        {t("app.name")}
      </Link>
      <nav aria-label={t("nav.main")}>
        <ul>
          {user ? (
            <>
              <li>
                {/* Managers and admins land on the dashboard: their link to the queues opens all active work. */}
                <NavLink to={user.role === "manager" || user.role === "admin" ? "/desk?tab=active" : "/desk"} end>
                  {t("nav.queues")}
                </NavLink>
              </li>
              <li>
                <NavLink to="/desk/log-contact">{t("nav.logContact")}</NavLink>
              </li>
              <li>
                <NavLink to="/desk/absences">{t("absence.link")}</NavLink>
              </li>
              <li>
                <NavLink to="/desk/visits">{t("visit.desk.nav")}</NavLink>
              </li>
              <li>
                <NavLink to="/desk/guarantee">{t("nav.guarantee")}</NavLink>
              </li>
              {user.role !== "agent" ? (
                <li>
                  <NavLink to="/desk/outages">{t("nav.outages")}</NavLink>
                </li>
              ) : null}
              <li>
                <NavLink to="/desk/reviews">{t("nav.reviews")}</NavLink>
              </li>
              {user.role === "manager" || user.role === "admin" ? (
                <li>
                  <NavLink to="/desk/surveys">{t("nav.surveys")}</NavLink>
                </li>
              ) : null}
              {user.role !== "agent" ? (
                <li>
                  <NavLink to="/dashboard">{t("dashboard.nav")}</NavLink>
                </li>
              ) : null}
              {user.role === "manager" || user.role === "admin" ? (
                <li>
                  <NavLink to="/admin">{t("nav.admin")}</NavLink>
                </li>
              ) : null}
            </>
          ) : (
            <>
              <li>
                <NavLink to="/inquiry">{t("nav.inquiry")}</NavLink>
              </li>
              <li>
                <NavLink to="/visit">{t("visit.desk.nav")}</NavLink>
              </li>
              <li>
                <NavLink to="/login">{t("nav.login")}</NavLink>
              </li>
            </>
          )}
        </ul>
      </nav>
      <div className="header-tools">
        <Form method="post" action="/lang" className="inline-form">
          <input type="hidden" name="lang" value={other} />
          <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
          <button type="submit" className="link-button" aria-label={t("nav.languageLabel")} lang={other}>
            {t("nav.language")}
          </button>
        </Form>
        {user ? (
          <>
            <span className="who">{t("auth.loggedInAs", { name: user.name, role: t(`role.${user.role}`) })}</span>
            <Link to="/desk/sessions">{t("sessions.nav")}</Link>
            <Link to="/desk/password">{t("password.nav")}</Link>
            <Form method="post" action="/logout" className="inline-form">
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          </>
        ) : null}
      </div>
    </header>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage status={errorStatus(useRouteError())} />;
}
