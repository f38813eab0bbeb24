// The per-request CSP nonce (server/http.ts makes it, entry.server.tsx provides it) for the
// inline scripts Remix renders: <Scripts nonce>, <ScrollRestoration nonce>, <RemixServer nonce>.
// In the browser the value is not needed (and browsers hide it from the DOM): it stays undefined.
import { createContext, useContext, type ReactNode } from "react";

const NonceContext = createContext<string | undefined>(undefined);

export function NonceProvider({ value, children }: { value: string | undefined; children: ReactNode }) {
  return <NonceContext.Provider value={value}>{children}</NonceContext.Provider>;
}

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
