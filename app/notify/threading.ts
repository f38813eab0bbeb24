// How the desk's outgoing mail names its conversation, so that a customer's reply finds its ticket
// as mail clients thread it: each email's Message-ID is its notification's id (the notification
// row records the ticket), and its Reply-To is the desk's address with that id as a sub-address
// (desk+<id>@…), which survives clients that drop In-Reply-To/References.

const MESSAGE_ID_DOMAIN = "service-desk.notifications";
const UUID = /^([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})$/i;

const asUuid = (value: string): string | null => {
  const m = UUID.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : null;
};

/** The Message-ID of a notification's email (the same on every attempt). */
export function notificationMessageId(notificationId: string): string {
  return `<${notificationId}@${MESSAGE_ID_DOMAIN}>`;
}

/** The notification a Message-ID names, or null for anyone else's. */
export function notificationIdOfMessageId(messageId: string): string | null {
  const m = /^<?\s*([^@<>\s]+)@([^@<>\s]+?)\s*>?$/.exec(messageId.trim());
  if (!m || m[2]!.toLowerCase() !== MESSAGE_ID_DOMAIN) return null;
  return asUuid(m[1]!);
}

/** "고객만족센터 <desk@example.org>" → desk+<id>@example.org. */
export function replyAddress(mailFrom: string, notificationId: string): string | null {
  const address = (/<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom).trim();
  const at = address.lastIndexOf("@");
  if (at <= 0) return null;
  const local = address.slice(0, at).split("+")[0];
  return `${local}+${notificationId.replace(/-/g, "").toLowerCase()}@${address.slice(at + 1)}`;
}

/** The notification a reply address (local+<id>@…) names, or null. */
export function notificationIdOfReplyAddress(address: string): string | null {
  const m = /^[^@\s]*\+([0-9a-f]{32})@[^@\s]+$/i.exec(address.trim());
  return m ? asUuid(m[1]!) : null;
}
