// What the ticket page's loader hands to its components.
import type { Intent } from "~/tickets/constants";
import type { CustomerTickets } from "~/desk/customer-tickets.server";
import type { TicketMacros } from "~/desk/macros/macros.server";
import type { SlaClock } from "~/sla/sla-clocks.server";
import type { TicketView } from "~/desk/ticket-view.server";
import type { TicketCaseLink } from "~/guarantee-desk/guarantee-desk.server";
import type { LinkedRecording } from "~/inbound/voice.server";
import type { VoicePanelData } from "~/portal/voice-section";
import type { Assignee } from "~/staff/assignees";

/** What just succeeded: an action of this page, or the contact logged at /desk/log-contact. */
export type DoneKey = Intent | "logged";

export type TicketPageData = TicketView & {
  done: DoneKey | null;
  voice: VoicePanelData | null;
  clocks: SlaClock[];
  guarantee: TicketCaseLink[];
  recordings: LinkedRecording[];
  assignees: Assignee[];
  customerTickets: CustomerTickets;
  macros: TicketMacros;
};
