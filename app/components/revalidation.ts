import type { ShouldRevalidateFunction } from "@remix-run/react";

/**
 * A page's `shouldRevalidate`: its loaders run again after its action refused a post (a 4xx or 5xx
 * answer), as before Single Fetch, which skips them by default (docs/decisions/0017). A refusal
 * rolls its own change back, but what someone else changed meanwhile shows at once (an item
 * updated by another officer: the "stale" refusal and the new timeline together). Otherwise Remix
 * decides as usual.
 */
export const revalidateAfterRefusal: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  (actionStatus !== undefined && actionStatus >= 400) || defaultShouldRevalidate;
