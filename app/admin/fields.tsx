// Form pieces of the admin pages that ~/ui/form.tsx does not have: groups of checkboxes or
// radios in a fieldset with a legend, with their error and hint announced with the group.
import type { ReactNode } from "react";
import { FieldGroup, fieldId } from "~/ui/form";

type Option = { value: string; label: string; hint?: string };

export function ChoiceGroup({
  type,
  name,
  legend,
  options,
  selected,
  error,
  hint,
  required,
  idPrefix,
}: {
  type: "checkbox" | "radio";
  name: string;
  legend: ReactNode;
  options: Option[];
  selected: readonly string[];
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  /** Defaults to the field id of `name` (error links of the summary point at it). */
  idPrefix?: string;
}) {
  const id = idPrefix ?? fieldId(name);
  return (
    <FieldGroup id={id} legend={legend} required={required || type === "radio"} hint={hint} error={error} anchor>
      <div className="checkbox-row">
        {options.map((o) => {
          const optionId = `${id}-${o.value.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
          return (
            <div className="checkbox" key={o.value}>
              <input
                type={type}
                id={optionId}
                name={name}
                value={o.value}
                defaultChecked={selected.includes(o.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={o.hint ? `${optionId}-hint` : undefined}
              />
              <label htmlFor={optionId}>
                {o.label}
                {o.hint ? (
                  <span className="muted" id={`${optionId}-hint`}>
                    {" "}
                    — {o.hint}
                  </span>
                ) : null}
              </label>
            </div>
          );
        })}
      </div>
    </FieldGroup>
  );
}

/** Who made a change, from the stored label ("staff:admin@desk.example", "system"). */
export function actorText(t: (key: string) => string, createdBy: string): string {
  if (createdBy === "system" || createdBy.startsWith("system:")) return t("admin.by.system");
  const colon = createdBy.indexOf(":");
  return colon >= 0 ? createdBy.slice(colon + 1) : createdBy;
}
