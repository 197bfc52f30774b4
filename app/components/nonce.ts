import { createContext, useContext } from "react";

/** The per-request CSP nonce (set by server.mjs, passed through the load context). */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
