// POST /desk/tickets/:reference/voice — the ticket page's suggestion, praise and unkindness
// actions (adopt, reward, praise, report, apology). Action only: it answers with a redirect back to the ticket
// page, carrying what happened (?voice=<intent>) or why not (?voiceError=<message key>).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff, staffActor } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { praiseSchema, unkindnessReportSchema } from "~/portal/schemas";
import {
  markSuggestionAdopted,
  markSuggestionRewarded,
  recordPraise,
  recordUnkindnessApology,
  recordUnkindnessReport,
} from "~/portal/voice.server";
import { VOICE_INTENTS, type VoiceIntent } from "~/portal/voice-section";
import { auditTicketChange } from "~/security/audit.server";
import { domainError } from "~/ui/form-errors.server";
import { parseForm } from "~/ui/form-data.server";

const back = (reference: string, query: Record<string, string>) =>
  redirect(`/desk/tickets/${encodeURIComponent(reference)}?${new URLSearchParams(query)}#voice`, { status: 303 });

export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/desk/tickets/${encodeURIComponent(params.reference ?? "")}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const actor = staffActor(user);
  const lang = await getLang(request);
  const reference = params.reference ?? "";
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return back(reference, { voiceError: "desk.error.badRequest" });
  }
  const raw = form.get("voiceIntent");
  if (!(VOICE_INTENTS as readonly unknown[]).includes(raw)) return back(reference, { voiceError: "desk.error.unknownAction" });
  const intent = raw as VoiceIntent;
  try {
    switch (intent) {
      case "adopt":
        await markSuggestionAdopted(reference, actor);
        break;
      case "reward":
        await markSuggestionRewarded(reference, actor);
        break;
      case "report": {
        const parsed = parseForm(unkindnessReportSchema, form, lang);
        if (!parsed.ok) return back(reference, { voiceError: "error.unknownStaff" });
        await recordUnkindnessReport(reference, { staffIdOrEmail: parsed.data.staff, reportedBy: parsed.data.reportedBy }, actor);
        break;
      }
      case "apology":
        await recordUnkindnessApology(reference, actor);
        break;
      case "praise": {
        const parsed = parseForm(praiseSchema, form, lang);
        if (!parsed.ok) return back(reference, { voiceError: "error.unknownStaff" });
        await recordPraise(reference, { staffIdOrEmail: parsed.data.staff }, actor);
        break;
      }
    }
  } catch (error) {
    return back(reference, { voiceError: domainError(error).messageKey });
  }
  await auditTicketChange(request, user, reference, `voice.${intent}`);
  return back(reference, { voice: intent });
}
