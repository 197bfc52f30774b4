// The layout's import rules (docs/decisions/0018-layout-and-import-rules.md), checked on the source:
// which layer may import which, features in one order, and no import cycle, type imports included.
import fs from "node:fs";
import path from "node:path";

const APP = path.resolve("app");

/** Features in dependency order: a feature may import only those before it. */
const FEATURES = ["org", "feedback", "surveys", "rounds", "indices", "plans", "admin"] as const;

interface Edge { from: string; to: string; typeOnly: boolean }

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

function resolveSpec(importer: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("~/")) base = path.join(APP, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(importer), spec);
  else return null;
  for (const ext of ["", ".ts", ".tsx", "/index.ts", "/index.tsx"]) {
    const p = base + ext;
    if (fs.existsSync(p) && fs.statSync(p).isFile()) return p;
  }
  return null;
}

function importsOf(file: string): Edge[] {
  const src = fs.readFileSync(file, "utf8");
  const edges: Edge[] = [];
  for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']/gms)) {
    const to = resolveSpec(file, m[4]);
    if (!to) continue;
    const names = m[3].trim();
    const allTypes = /^\{[^}]*\}$/s.test(names) && names.slice(1, -1).split(",").map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith("type "));
    edges.push({ from: file, to, typeOnly: !!m[2] || allTypes });
  }
  for (const m of src.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) {
    const to = resolveSpec(file, m[1]);
    if (to) edges.push({ from: file, to, typeOnly: false });
  }
  for (const m of src.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) {
    const to = resolveSpec(file, m[1]);
    if (to) edges.push({ from: file, to, typeOnly: false });
  }
  return edges;
}

/** The layer of a file: domain, schemas, i18n, platform, services/<feature>, components, routes, or the app's root files. */
function layerOf(file: string): string {
  const parts = path.relative(APP, file).split(path.sep);
  if (parts[0] === "..") return parts[1] === "db" ? "db" : "outside";
  if (parts[0] === "services") return `services/${parts[1]}`;
  return parts.length === 1 ? "root" : parts[0];
}

const files = sourceFiles(APP);
const edges = files.flatMap(importsOf);
const rel = (f: string) => path.relative(process.cwd(), f);
const show = (list: Edge[]) => list.map((e) => `${rel(e.from)} → ${rel(e.to)}`);

describe("the layout's import rules", () => {
  it("reads the whole app", () => {
    expect(files.length).toBeGreaterThan(200);
    expect(edges.length).toBeGreaterThan(500);
  });

  it("keeps app/domain pure: it imports only app/domain and no package", () => {
    const src = files.filter((f) => layerOf(f) === "domain");
    const bad = src.flatMap((f) => {
      const text = fs.readFileSync(f, "utf8");
      const pkgs = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s*["']([^."'~][^"']*)["']/gms)].map((m) => m[1]);
      return pkgs.map((p) => `${rel(f)} → ${p}`);
    });
    expect(bad).toEqual([]);
    expect(show(edges.filter((e) => layerOf(e.from) === "domain" && layerOf(e.to) !== "domain"))).toEqual([]);
  });

  it("keeps schemas on domain and i18n only", () => {
    const allowed = new Set(["domain", "schemas", "i18n"]);
    expect(show(edges.filter((e) => layerOf(e.from) === "schemas" && !allowed.has(layerOf(e.to))))).toEqual([]);
  });

  it("keeps the platform below every feature: it imports no service, component or route", () => {
    const allowed = new Set(["domain", "schemas", "i18n", "platform", "db"]);
    expect(show(edges.filter((e) => layerOf(e.from) === "platform" && !allowed.has(layerOf(e.to))))).toEqual([]);
  });

  it("lets only the platform reach the database module and its schema", () => {
    // Seed data (JSON) may be read by the services that load it; the database code may not.
    expect(show(edges.filter((e) => layerOf(e.to) === "db" && e.to.endsWith(".ts") && layerOf(e.from) !== "platform"))).toEqual([]);
  });

  it("keeps the dialect in the platform: no other module asks which database it runs on", () => {
    const asking = files.filter((f) => layerOf(f) !== "platform" && /\bisPostgres\b|PostgresAdapter|SQLITE_/.test(fs.readFileSync(f, "utf8")));
    expect(asking.map(rel)).toEqual([]);
  });

  it("keeps services away from the UI: no service imports a component or a route", () => {
    expect(show(edges.filter((e) => layerOf(e.from).startsWith("services/") && ["components", "routes", "root", "styles"].includes(layerOf(e.to))))).toEqual([]);
  });

  it("orders the features: each imports only features before it", () => {
    const known = new Set(FEATURES.map((f) => `services/${f}`));
    expect(files.filter((f) => layerOf(f).startsWith("services/") && !known.has(layerOf(f))).map(rel)).toEqual([]);
    const rank = (l: string) => FEATURES.indexOf(l.slice("services/".length) as (typeof FEATURES)[number]);
    const bad = edges.filter((e) => {
      const a = layerOf(e.from), b = layerOf(e.to);
      return a.startsWith("services/") && b.startsWith("services/") && a !== b && rank(b) > rank(a);
    });
    expect(show(bad)).toEqual([]);
  });

  it("lets components take only types from services and the platform (no server code in the browser bundle)", () => {
    const bad = edges.filter((e) => layerOf(e.from) === "components" && !e.typeOnly && (layerOf(e.to).startsWith("services/") || layerOf(e.to) === "platform"));
    expect(show(bad)).toEqual([]);
  });

  it("has no import cycle, type imports included", () => {
    const out = new Map<string, string[]>();
    for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
    const state = new Map<string, 1 | 2>();
    const cycles: string[] = [];
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 1);
      stack.push(f);
      for (const t of out.get(f) ?? []) {
        if (state.get(t) === 1) cycles.push([...stack.slice(stack.indexOf(t)), t].map(rel).join(" → "));
        else if (!state.has(t)) visit(t);
      }
      stack.pop();
      state.set(f, 2);
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
