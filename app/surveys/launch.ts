// The launch form of /desk/surveys (shared by the route's server code and its page): the launch
// fields plus the required "확인했습니다" box, and how a refused launch is worded.
import { CONFIRM_FIELD, confirmed } from "~/tickets/confirm";
import type { Translate } from "~/i18n/i18n";
import { formatKst } from "~/lib/time";
import { launchCampaignSchema } from "~/outages/schemas";

export const launchConfirmedSchema = launchCampaignSchema.extend({ [CONFIRM_FIELD]: confirmed });

/** The campaign that stops a launch, as the page receives it. */
export type BlockingCampaign = {
  reason: "period" | "open";
  name: string;
  period: number;
  launchedAt: string;
  closesAt: string;
  invited: number;
};

/** "The 2026 survey was already launched on … and invited N customers …" in the person's language. */
export function blockingMessage(t: Translate, b: BlockingCampaign): string {
  const params = {
    name: b.name,
    period: b.period,
    next: b.period + 1,
    launchedAt: formatKst(b.launchedAt),
    closesAt: formatKst(b.closesAt),
    count: b.invited,
  };
  return t(b.reason === "period" ? "ops.surveys.taken" : "ops.surveys.stillOpen", params);
}
