// The intake most tests start from: a web inquiry by one customer, changed where a test needs it.
import type { TicketIntake } from "~/tickets/schemas";

/** A general web inquiry by 홍길동 (by email), with `overrides` (subject, customer, channel, …). */
export function intake(overrides: Partial<TicketIntake> = {}): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject: "자격시험 접수 확인서 재발급 문의",
    body: "확인서를 다시 받을 수 있나요?",
    customer: { name: "홍길동", email: "hong@example.com" },
    callbackRequested: false,
    resolvedOnContact: false,
    ...overrides,
  };
}
