import { NotificationsList } from "~/desk/sla-panels";
import type { TicketView } from "~/desk/ticket-view.server";
import { useT } from "~/i18n/use-t";

/** What the customer was sent and what staff were alerted about, in two panels (none when empty). */
export function TicketNotices({ notifications }: { notifications: TicketView["notifications"] }) {
  const t = useT();
  const customerNotices = notifications.filter((n) => n.audience === "customer");
  const staffAlerts = notifications.filter((n) => n.audience !== "customer");
  return (
    <>
      {customerNotices.length ? (
        <section aria-labelledby="notifications-title" className="panel desk-panel">
          <h2 id="notifications-title">{t("words.notices.customerTitle")}</h2>
          <NotificationsList notifications={customerNotices} />
        </section>
      ) : null}
      {staffAlerts.length ? (
        <section aria-labelledby="staff-alerts-title" className="panel desk-panel">
          <h2 id="staff-alerts-title">{t("words.notices.staffTitle")}</h2>
          <NotificationsList notifications={staffAlerts} />
        </section>
      ) : null}
    </>
  );
}
