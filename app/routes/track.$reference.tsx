// /track/:reference — the customer's page for one inquiry. Opened by the tracking link
// (?t=<token>, checked against the stored hash, then dropped from the URL) or after a one-time
// code (/lookup); either leaves a short-lived signed cookie for this reference. A wrong or
// unknown link gets the same 404 as an unknown reference; no link and no cookie leads to /lookup.
// Access and the forms: app/portal/track.server.ts; the page: app/portal/track-page.tsx.
import {
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import type { PortalView } from "~/portal/portal.server";
import portalStyles from "~/portal/portal.css";
import { TrackError, TrackPage } from "~/portal/track-page";
import type { Done, TrackActionData } from "~/portal/track-parts";
import { openTrackPage, trackAction } from "~/portal/track.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portalStyles }];

/** Its own title in the tab and history (issue 21), Korean first. */
// Public pages are titled in both languages (the words of track.title; meta also runs in the browser,
// which has only the active language's messages).
export const meta: MetaFunction = () => [{ title: "처리 상황 / Progress of your inquiry" }, { name: "robots", content: "noindex" }];

/** A customer's page: never cached, never sent on as a referrer. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return openTrackPage(request, params.reference ?? "", context);
}

export type { TrackActionData } from "~/portal/track-parts";

export async function action({ request, params }: ActionFunctionArgs) {
  return trackAction(request, params.reference ?? "");
}

export default function Track() {
  const { view, done } = useLoaderData<typeof loader>() as unknown as { view: PortalView; done: Done | null };
  const result = useActionData<typeof action>() as TrackActionData | undefined;
  return <TrackPage view={view} done={done} result={result} />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <TrackError status={isRouteErrorResponse(error) ? error.status : 500} />;
}
