// The desk's Remix app in this test process: the route modules (compiled by Vitest, so they share
// this process's database connection) assembled into a server build and served by Remix's own
// request handler — Request in, rendered HTML out, as `npm start` serves it, without a bundle.
import { join } from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { readConfig } from "@remix-run/dev/dist/config.js";

const ROOT = join(__dirname, "..", "..");

export async function remixHandler(): Promise<(request: Request) => Promise<Response>> {
  const config = await readConfig(ROOT);
  const routes: Record<string, any> = {};
  const assetRoutes: Record<string, any> = {};
  for (const route of Object.values(config.routes)) {
    const module = await import(/* @vite-ignore */ join(config.appDirectory, route.file));
    const shape = { id: route.id, parentId: route.parentId, path: route.path, index: route.index, caseSensitive: route.caseSensitive };
    routes[route.id] = { ...shape, module };
    assetRoutes[route.id] = {
      ...shape,
      module: `/build/${route.id}.js`,
      imports: [],
      hasAction: typeof module.action === "function",
      hasLoader: typeof module.loader === "function",
      hasClientAction: false,
      hasClientLoader: false,
      hasErrorBoundary: typeof module.ErrorBoundary === "function",
    };
  }
  const entry = await import(/* @vite-ignore */ join(config.appDirectory, config.entryServerFile));
  const build = {
    mode: "production",
    entry: { module: entry },
    routes,
    assets: {
      entry: { imports: [], module: "/build/entry.client.js" },
      routes: assetRoutes,
      url: "/build/manifest-test.js",
      version: "test",
    },
    publicPath: "/build/",
    assetsBuildDirectory: join(ROOT, "public", "build"),
    future: config.future,
    isSpaMode: false,
    basename: undefined,
  } as unknown as ServerBuild;
  const handler = createRequestHandler(build, "production");
  return (request) => handler(request, { cspNonce: "test-nonce" });
}

/** What a person reads on a page: the text of <body> without scripts, styles and tags, entities decoded. */
export function visibleText(html: string): string {
  const body = html.replace(/^[\s\S]*?<body[^>]*>/i, "").replace(/<\/body>[\s\S]*$/i, "");
  return body
    .replace(/<script[\s\S]*?<\/script>/gi, " ")
    .replace(/<style[\s\S]*?<\/style>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
