import { useRouteLoaderData } from "@remix-run/react";
import { translator, type Lang, type Translate } from "./i18n";

export function useLang(): Lang {
  const data = useRouteLoaderData("root") as { lang?: Lang } | undefined;
  return data?.lang ?? "ko";
}

export function useT(): Translate {
  return translator(useLang());
}
