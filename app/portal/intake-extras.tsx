// What the portal adds to the public inquiry form and its confirmation page: the kind of contact
// (문의 / 불만 / 고객 의견 / 칭찬 / 불친절 신고) with the staff member's name for praise or an unkindness report, and
// the tracking link shown after filing.
import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "~/i18n/use-t";
import { Field, RadioGroup } from "~/ui/form";

export const KIND_OPTIONS = ["inquiry", "complaint", "suggestion", "praise", "unkindness", "disclosure"] as const;

type Errors = Record<string, string | undefined>;
type Values = Record<string, string | undefined>;

/** Labels for the error summary. */
export function kindLabels(t: (key: string) => string): Record<string, string> {
  return { kind: t("portal.kind.legend"), staffName: t("portal.kind.staffName") };
}

/**
 * The kind radios and, for praise or an unkindness report, a free-text "which staff member" (never a list
 * of staff: this page is public). Without JavaScript the name field is always shown.
 */
export function KindFields({ errors, values }: { errors: Errors; values: Values }) {
  const t = useT();
  const [kind, setKind] = useState(values.kind || "inquiry");
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  useEffect(() => setKind(values.kind || "inquiry"), [values.kind]);
  const showStaff = !hydrated || kind === "unkindness" || kind === "praise" || Boolean(errors.staffName);
  return (
    <>
      <RadioGroup
        name="kind"
        legend={t("portal.kind.legend")}
        hint={t("portal.kind.hint")}
        value={values.kind || "inquiry"}
        error={errors.kind}
        required
        onChange={setKind}
        options={KIND_OPTIONS.map((k) => ({ value: k, label: t(`portal.kind.${k}`) }))}
      />
      <div hidden={!showStaff}>
        <Field name="staffName" label={t("portal.kind.staffName")} hint={t("portal.kind.staffNameHint")} error={errors.staffName}>
          {(p) => <input {...p} type="text" maxLength={100} autoComplete="off" defaultValue={values.staffName ?? ""} />}
        </Field>
      </div>
    </>
  );
}

/** After filing: the tracking link to keep, and a way to open it now. */
export function TrackingLinkNotice({ url }: { url: string }) {
  const t = useT();
  const path = (() => {
    try {
      const u = new URL(url);
      return `${u.pathname}${u.search}`;
    } catch {
      return null;
    }
  })();
  return (
    <section aria-labelledby="tracking-title" className="panel">
      <h2 id="tracking-title">{t("portal.received.trackTitle")}</h2>
      <p>{t("portal.received.trackIntro")}</p>
      <Field name="trackingUrl" label={t("portal.received.trackCopyLabel")} hideLabel mark={false}>
        {(p) => <input {...p} type="text" readOnly value={url} className="tracking-link" onFocus={(e) => e.currentTarget.select()} />}
      </Field>
      {path ? (
        <p>
          <Link to={path} className="button primary" data-testid="tracking-link" reloadDocument>
            {t("portal.received.trackOpen")}
          </Link>
        </p>
      ) : null}
      <p className="muted">{t("portal.received.trackSecret")}</p>
    </section>
  );
}
