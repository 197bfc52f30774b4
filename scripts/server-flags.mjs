// The app server's heap settings, the same for `npm start`, `npm run serve` (package.json repeats
// them: keep both in step) and the bench. Without them V8 let the heap grow to 330–400 MB under the
// bench's 32-client ingest after the leader pages (mostly garbage not yet collected); with them the
// peak was 170 MB and ingest was no slower (docs/performance.md, "Memory"). The old space is four
// times the largest live heap seen (the caches at their budgets and a 50,000-row import held for its
// second pass stay well under it).
export const SERVER_NODE_FLAGS = ["--max-old-space-size=256", "--max-semi-space-size=4"];
