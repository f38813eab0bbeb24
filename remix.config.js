/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Classic Remix compiler (esbuild). Server code lives in *.server.ts modules so that a
  // later move to React Router v7 is a codemod (docs/decisions/0001-stack.md).
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  serverDependenciesToBundle: [/^@hyunbinseo\//],
  watchPaths: ["./db/**/*.ts", "./emails/**/*.tsx", "./jobs/**/*.ts"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
    v3_routeConfig: false,
  },
};
