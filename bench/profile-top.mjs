// Summarises a V8 CPU profile (node --cpu-prof, e.g. from `npm run bench -- --only pages --profile DIR`):
// the functions with the most self time, and the app's own functions (build/server) with the most
// total time (self + callees), in ms and % of the sampled time.
//   node bench/profile-top.mjs DIR/CPU.*.cpuprofile [--top 25]
import fs from "node:fs";

const file = process.argv[2];
const topIdx = process.argv.indexOf("--top");
const TOP = topIdx >= 0 ? Number(process.argv[topIdx + 1]) : 25;
const prof = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Sample counts per node, turned into ms with the mean interval.
const hits = new Map();
for (const s of prof.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
const totalMs = (prof.endTime - prof.startTime) / 1000;
const msPerSample = totalMs / prof.samples.length;

const name = (n) => {
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\/(node_modules\/)/, "$1").replace(/^.*\/build\/server\//, "build/server/").replace(/^file:\/\//, "")}:${f.lineNumber + 1}` : "";
  return `${f.functionName || "(anonymous)"} ${where}`.trim();
};
const self = new Map();
const total = new Map();
for (const [id, count] of hits) {
  const n = byId.get(id);
  const key = name(n);
  self.set(key, (self.get(key) ?? 0) + count);
  // Total: every distinct function on the stack gets the sample once.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = name(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + count);
  }
}
const idle = [...self].filter(([k]) => /^\((idle|program|garbage collector)\)/.test(k));
const busy = prof.samples.length - idle.filter(([k]) => k.startsWith("(idle)")).reduce((a, [, c]) => a + c, 0);
const line = ([k, c]) => `${(c * msPerSample).toFixed(0).padStart(7)} ms ${((100 * c) / busy).toFixed(1).padStart(5)} %  ${k}`;
console.log(`${file}: ${totalMs.toFixed(0)} ms sampled, ${(busy * msPerSample).toFixed(0)} ms not idle (percentages are of that)`);
console.log(`\nTop ${TOP} by self time:`);
for (const e of [...self].filter(([k]) => !k.startsWith("(idle)")).sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(line(e));
console.log(`\nTop ${TOP} app functions (build/server) by total time:`);
for (const e of [...total].filter(([k]) => k.includes("build/server/")).sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(line(e));
