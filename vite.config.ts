import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

// Loaders and actions are typed as Single Fetch sends them (turbo-stream: a Date stays a Date).
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The build (`remix vite:build`): the browser's files in build/client (hashed files under
 * /assets/, served for a year; the files of public/ copied beside them), the server's module in
 * build/server/index.js, which server.mjs imports. Every Remix v3 future flag is on, so that the
 * move to React Router v7 is its codemod (docs/decisions/0017-vite-and-react-router-7.md).
 * The routes are app/routes.ts (the flat file names of app/routes/).
 */
export default defineConfig({
  plugins: [
    remix({
      serverModuleFormat: "esm",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
  ],
  // Bundled into the server module as the classic compiler's serverDependenciesToBundle did.
  ssr: {
    noExternal: [/^recharts/, /^d3-/, /^internmap/, /^victory-vendor/, /^es-toolkit/, /^react-redux/, /^@reduxjs/, /^immer/, /^reselect/, /^redux/, /^use-sync-external-store/, /^decimal\.js-light/, /^eventemitter3/, /^clsx/, /^tiny-invariant/],
  },
});
