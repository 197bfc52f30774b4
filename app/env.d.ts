/// <reference types="@remix-run/node" />
/// <reference types="vite/client" />

// react-dom's Web Streams renderer (entry.server.tsx); @types/react-dom types it on react-dom/server.
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
