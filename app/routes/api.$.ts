// Every other /api path: a problem+json 404 rather than the HTML error page.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { problem } from "~/api/problem.server";

function notFound(request: Request): Response {
  const { pathname } = new URL(request.url);
  return problem(404, `There is no API endpoint at ${pathname}. See docs/openapi.yaml for what /api/v1 offers.`);
}

export async function loader({ request }: LoaderFunctionArgs) {
  return notFound(request);
}

export async function action({ request }: ActionFunctionArgs) {
  return notFound(request);
}
