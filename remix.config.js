/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  serverDependenciesToBundle: [/^recharts/, /^d3-/, /^internmap/, /^victory-vendor/, /^es-toolkit/, /^react-redux/, /^@reduxjs/, /^immer/, /^reselect/, /^redux/, /^use-sync-external-store/, /^decimal\.js-light/, /^eventemitter3/, /^clsx/, /^tiny-invariant/],
  watchPaths: ["./db/**/*"],
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true },
};
