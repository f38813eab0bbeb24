import { Link, useNavigation } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { SaveViewForm } from "./saved-views";
import type { SavedView } from "./saved-views.server";

/** Above the queue: the person's saved views as links (the one showing marked), and saving the current filters as one. */
export function SavedViewsBar({ views, current, saved }: { views: SavedView[]; current: string; saved: boolean }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="saved-views">
      {saved ? (
        <p role="status" className="notice">
          {t("workspace.views.saved")}
        </p>
      ) : null}
      {views.length ? (
        <nav aria-label={t("workspace.views.nav")}>
          <ul className="tabs saved-view-tabs">
            {views.map((v) => (
              <li key={v.id}>
                <Link to={v.href} aria-current={v.query === current ? "page" : undefined}>
                  {v.name}
                </Link>
              </li>
            ))}
            <li>
              <Link to="/desk/views">{t("workspace.views.manage")}</Link>
            </li>
          </ul>
        </nav>
      ) : null}
      <details className="save-view">
        <summary>{t("workspace.views.save")}</summary>
        <SaveViewForm query={current} busy={busy} />
      </details>
    </div>
  );
}
