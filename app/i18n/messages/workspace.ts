// The agent workspace (issue 20): the customer's other tickets beside a ticket, canned replies
// (상용구) per team, keyboard shortcuts and saved queue views.
export const workspace = {
  ko: {
    "workspace.customerTickets.title": "이 고객의 다른 문의",
    "workspace.customerTickets.intro": "{name} 고객의 다른 문의입니다. 최근 접수 순입니다.",
    "workspace.customerTickets.none": "{name} 고객의 다른 문의는 없습니다.",
    "workspace.customerTickets.onContact": "응대 중 해결",
    "workspace.customerTickets.more": "이 밖에 {count}건이 더 있습니다.",
  },
  en: {
    "workspace.customerTickets.title": "This customer's other tickets",
    "workspace.customerTickets.intro": "Other tickets from {name}, newest first.",
    "workspace.customerTickets.none": "{name} has no other tickets.",
    "workspace.customerTickets.onContact": "resolved on contact",
    "workspace.customerTickets.more": "{count} more not shown.",
  },
};
