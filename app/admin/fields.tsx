// Who made a change, as the admin pages' history tables show it.
export function actorText(t: (key: string) => string, createdBy: string): string {
  if (createdBy === "system" || createdBy.startsWith("system:")) return t("admin.by.system");
  const colon = createdBy.indexOf(":");
  return colon >= 0 ? createdBy.slice(colon + 1) : createdBy;
}
