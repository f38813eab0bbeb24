// The public home: what the desk promises (SERVICE-STANDARDS.md, from the customer-service
// charter) and the way in — the online inquiry form — plus the staff login.
import type { LinksFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useRootData } from "~/root";
import { useT } from "~/i18n/use-t";
import intakeStyles from "~/intake/intake.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: intakeStyles }];

const PROMISES = ["online", "final", "callback", "requested", "outage"] as const;
/** The charter's other promises (SERVICE-STANDARDS §5), worded in app/i18n/messages/portal.ts. */
const PORTAL_PROMISES = ["correction", "unkindness", "suggestion"] as const;

export default function Home() {
  const t = useT();
  const user = useRootData()?.user;
  return (
    <div className="home">
      <section aria-labelledby="home-title" className="home-hero">
        <h1 id="home-title">{t("home.title")}</h1>
        <p className="home-lead">{t("home.lead")}</p>
        <p>
          <Link to="/inquiry" className="button primary home-cta">
            {t("home.cta")}
          </Link>
        </p>
        <p className="muted">{t("home.ctaHint")}</p>
        <p>
          <Link to="/visit">{t("visit.link")}</Link> — {t("visit.linkHint")}
        </p>
      </section>

      <section aria-labelledby="promises-title" className="panel">
        <h2 id="promises-title">{t("home.promisesTitle")}</h2>
        <ul className="home-promises">
          {PROMISES.map((p) => (
            <li key={p}>{t(`home.promise.${p}`)}</li>
          ))}
          {PORTAL_PROMISES.map((p) => (
            <li key={p}>{t(`portal.home.promise.${p}`)}</li>
          ))}
        </ul>
        <h3>{t("home.guaranteeTitle")}</h3>
        <p>{t("home.guarantee")}</p>
        <p className="muted">{t("home.workingDays")}</p>
        <p>
          <Link to="/promises">{t("promises.link")}</Link>
        </p>
      </section>

      <section aria-labelledby="track-title">
        <h2 id="track-title">{t("portal.home.trackTitle")}</h2>
        <p>
          <Link to="/lookup">{t("portal.home.track")}</Link>
        </p>
        <p className="muted">{t("portal.home.trackHint")}</p>
        <p>
          <Link to="/status">{t("portal.home.status")}</Link>
        </p>
      </section>

      <section aria-labelledby="staff-title">
        <h2 id="staff-title">{t("home.staffTitle")}</h2>
        <p>{user ? <Link to="/desk">{t("home.staffDesk")}</Link> : <Link to="/login">{t("home.staffLogin")}</Link>}</p>
      </section>
    </div>
  );
}
