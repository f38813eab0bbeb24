// The 개인정보 수집·이용 동의 notice every public form that collects personal data shows before it
// is sent — purpose, items, retention period, the right to refuse and what refusing means — and
// its required checkbox (checked again on the server). See ./consent.ts for the version.
import { useT } from "~/i18n/use-t";
import { CheckboxField } from "~/ui/form";
import { CONSENT_FIELD } from "~/privacy/consent";

/**
 * `form`: whose wording ("inquiry" collects name, contact, postal address and the text;
 * "subscribe" only the address to notify). `retentionYears`: the RETENTION_YEARS setting.
 */
export function ConsentNotice({
  form,
  retentionYears,
  error,
  checked,
}: {
  form: "inquiry" | "subscribe" | "visit";
  retentionYears: number;
  error?: string;
  checked?: boolean;
}) {
  const t = useT();
  return (
    <fieldset className="consent">
      <legend>{t("consent.legend")}</legend>
      <table className="consent-table">
        <caption>{t("consent.caption")}</caption>
        <tbody>
          <tr>
            <th scope="row">{t("consent.purposeLabel")}</th>
            <td>{t(`consent.purpose.${form}`)}</td>
          </tr>
          <tr>
            <th scope="row">{t("consent.itemsLabel")}</th>
            <td>{t(`consent.items.${form}`)}</td>
          </tr>
          <tr>
            <th scope="row">{t("consent.retentionLabel")}</th>
            <td>{t(`consent.retention.${form}`, { years: retentionYears })}</td>
          </tr>
          <tr>
            <th scope="row">{t("consent.refuseLabel")}</th>
            <td>{t(`consent.refuse.${form}`)}</td>
          </tr>
        </tbody>
      </table>
      <CheckboxField name={CONSENT_FIELD} label={t("consent.agree")} error={error} defaultChecked={checked} />
    </fieldset>
  );
}
