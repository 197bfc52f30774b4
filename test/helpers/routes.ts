import fs from "node:fs";
import path from "node:path";

/**
 * The route manifest, read from app/routes (Remix flat routes): each file with its URL pattern,
 * its parameters, whether it has an action, and the POST intents its action names. Tests generate
 * their cases from it, so that a new route or intent is covered (or fails) without being listed.
 */
export interface RouteEntry {
  file: string;
  /** e.g. "/dashboard/diem/:point" */
  pattern: string;
  params: string[];
  hasAction: boolean;
  intents: string[];
}

export function routeManifest(dir = path.resolve("app/routes")): RouteEntry[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f))
    .sort()
    .map((file) => {
      const source = fs.readFileSync(path.join(dir, file), "utf8");
      const stem = file.replace(/\.(tsx?|jsx?)$/, "");
      // Split on dots outside [ ] (escaped characters).
      const segments: string[] = [];
      let cur = "";
      let inBracket = false;
      for (const ch of stem) {
        if (ch === "[") inBracket = true;
        else if (ch === "]") inBracket = false;
        else if (ch === "." && !inBracket) {
          segments.push(cur);
          cur = "";
          continue;
        }
        cur += ch;
      }
      segments.push(cur);
      const params: string[] = [];
      const parts = segments
        .filter((s) => s !== "_index" && !/^_[^.]*$/.test(s))
        .map((s) => s.replace(/_$/, "").replace(/\[(.)\]/g, "$1"))
        .map((s) => {
          if (s.startsWith("$")) {
            params.push(s.slice(1));
            return `:${s.slice(1)}`;
          }
          return s;
        });
      const hasAction = /export\s+(async\s+function|const)\s+action\b/.test(source);
      const actionSource = hasAction ? source.slice(source.search(/export\s+(async\s+function|const)\s+action\b/)) : "";
      const intents = [...new Set([...actionSource.matchAll(/case "([a-z][a-z0-9-]*)":/g), ...actionSource.matchAll(/intent (?:===|!==) "([a-z][a-z0-9-]*)"/g)].map((m) => m[1]))];
      return { file, pattern: `/${parts.join("/")}`, params, hasAction, intents };
    });
}

/** A concrete path for a pattern, with the given values for its parameters. */
export function fillPath(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, p: string) => {
    const v = values[p] ?? "x";
    try {
      return encodeURIComponent(v);
    } catch {
      // A lone surrogate: send the bytes of an invalid UTF-8 sequence instead.
      return v.split("").map((ch) => (/[\uD800-\uDFFF]/.test(ch) ? "%ED%A0%80" : encodeURIComponent(ch))).join("");
    }
  });
}
