import type { HeadersFunction } from "@remix-run/node";

/**
 * Document headers of a public form page: a 429 from its action keeps its Retry-After; otherwise
 * nothing is added, so that a browser may show the page again on "Back" (with the same
 * idempotency key, so that a resent form is stored once) instead of failing on a cache miss.
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : new Headers();
