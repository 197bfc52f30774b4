// npm run dead-exports: the exports of app/ that nothing else uses. For each export it asks the
// TypeScript language service for its references (imports and re-exports do not count as uses) and
// prints those used by nobody ("dead"), only by their own module ("internal": drop `export`), or
// only by tests ("tests-only", "tests+internal"). Route modules' Remix exports and what server.mjs
// takes from the build (entry.server's exports, api.v1.responses' ingest) count as used.
// Slow on purpose (one reference search per export, about a minute): a review tool, not part of CI.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const root = process.cwd();
const cfg = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(cfg.config, ts.sys, root);
const files = parsed.fileNames;
const ls = ts.createLanguageService(
  {
    getScriptFileNames: () => files,
    getScriptVersion: () => "0",
    getScriptSnapshot: (f) => (fs.existsSync(f) ? ts.ScriptSnapshot.fromString(fs.readFileSync(f, "utf8")) : undefined),
    getCurrentDirectory: () => root,
    getCompilationSettings: () => parsed.options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  },
  ts.createDocumentRegistry(),
);
const program = ls.getProgram();
const checker = program.getTypeChecker();
const rel = (f) => path.relative(root, f);

const ROUTE_EXPORTS = new Set(["default", "loader", "action", "meta", "links", "headers", "handle", "ErrorBoundary", "shouldRevalidate", "clientLoader", "clientAction", "HydrateFallback", "Layout"]);
// server.mjs loads the build and uses build.entry.module.* and routes["routes/api.v1.responses"].module.ingest.
const ENTRIES = new Set(["app/entry.server.tsx", "app/entry.client.tsx"]);
const SERVER_MJS = { "app/routes/api.v1.responses.ts": new Set(["ingest"]) };

/** The import or export declaration a node sits in, if any. */
function importOrExport(node) {
  for (let n = node; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isImportEqualsDeclaration(n) || ts.isExportAssignment(n)) return n;
  }
  return undefined;
}
function nodeAt(sf, pos) {
  const find = (n) => (pos >= n.getStart(sf) && pos < n.getEnd() ? ts.forEachChild(n, find) ?? n : undefined);
  return find(sf);
}

const out = [];
for (const sf of program.getSourceFiles()) {
  const file = rel(sf.fileName);
  if (!file.startsWith("app/") || ENTRIES.has(file)) continue;
  const isRoute = file.startsWith("app/routes/") || file === "app/root.tsx";
  const mod = checker.getSymbolAtLocation(sf);
  if (!mod) continue;
  for (const exp of checker.getExportsOfModule(mod)) {
    const name = exp.getName();
    if ((isRoute && ROUTE_EXPORTS.has(name)) || SERVER_MJS[file]?.has(name)) continue;
    const decl = exp.declarations?.[0];
    if (!decl) continue;
    const declSf = decl.getSourceFile();
    if (rel(declSf.fileName) !== file) continue; // a re-export: its users are found from the original
    const nameNode = ts.getNameOfDeclaration(decl) ?? decl;
    const users = new Set();
    let selfUse = false;
    for (const group of ls.findReferences(declSf.fileName, nameNode.getStart(declSf)) ?? [])
      for (const r of group.references) {
        const rf = rel(r.fileName);
        if (rf === file && r.textSpan.start === nameNode.getStart(declSf)) continue;
        const at = importOrExport(nodeAt(program.getSourceFile(r.fileName), r.textSpan.start));
        // A re-export from an entry module is a use by server.mjs; other imports and re-exports are not uses.
        if (at && !(ENTRIES.has(rf) && ts.isExportDeclaration(at))) continue;
        if (rf === file) selfUse = true;
        else users.add(rf);
      }
    const product = [...users].filter((u) => !u.startsWith("test/"));
    const tests = [...users].filter((u) => u.startsWith("test/"));
    if (product.length > 0) continue;
    const cls = tests.length === 0 ? (selfUse ? "internal" : "dead") : selfUse ? "tests+internal" : "tests-only";
    out.push(`${cls}\t${file}\t${name}${tests.length ? `\t${tests.join(", ")}` : ""}`);
  }
}
// Re-exports (`export { X } from "./a"`, `export { X }`): used when some module imports X from here.
const importedFrom = new Map(); // module file -> Set of names imported from it ("*" for a namespace or import())
const note = (f, n) => (importedFrom.get(f) ?? importedFrom.set(f, new Set()).get(f)).add(n);
const resolve = (spec, from) => ts.resolveModuleName(spec, from, parsed.options, ts.sys).resolvedModule;
for (const sf of program.getSourceFiles()) {
  if (sf.isDeclarationFile || rel(sf.fileName).startsWith("node_modules")) continue;
  const visit = (n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const r = resolve(n.moduleSpecifier.text, sf.fileName);
      if (r && !r.isExternalLibraryImport) {
        const f = rel(r.resolvedFileName);
        const c = ts.isImportDeclaration(n) ? n.importClause : undefined;
        if (c?.name) note(f, "default");
        const b = ts.isImportDeclaration(n) ? c?.namedBindings : n.exportClause;
        if (ts.isExportDeclaration(n) && !b) note(f, "*"); // export * from
        else if (b && (ts.isNamespaceImport(b) || ts.isNamespaceExport(b))) note(f, "*");
        else if (b) for (const e of b.elements) note(f, (e.propertyName ?? e.name).text);
      }
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      const r = resolve(n.arguments[0].text, sf.fileName);
      if (r) note(rel(r.resolvedFileName), "*");
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
for (const sf of program.getSourceFiles()) {
  const file = rel(sf.fileName);
  if (!file.startsWith("app/") || ENTRIES.has(file)) continue;
  const used = importedFrom.get(file) ?? new Set();
  if (used.has("*")) continue;
  for (const st of sf.statements) {
    if (!ts.isExportDeclaration(st) || !st.exportClause || !ts.isNamedExports(st.exportClause)) continue;
    for (const e of st.exportClause.elements) if (!used.has(e.name.text)) out.push(`unused re-export\t${file}\t${e.name.text}`);
  }
}

out.sort();
console.log(out.join("\n"));
console.error(`${out.length} export(s) used by no other product module`);
