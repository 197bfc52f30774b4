import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { LANG_CODE_RE, NAMESPACES, registerLocales, type LocaleFile } from "./locales";

const texts = z.record(z.string(), z.string());
const localeFileSchema = z.object({
  code: z.string().regex(LANG_CODE_RE),
  name: z.string().trim().min(1).max(60),
  short: z.string().trim().min(1).max(8).optional(),
  nameVi: z.string().max(60).optional(),
  draft: z.boolean().optional(),
  note: z.string().max(1000).optional(),
  messages: z.partialRecord(z.enum(NAMESPACES), texts).optional(),
  questionnaires: z
    .record(z.string(), z.object({ name: z.string().optional(), intro: z.string().optional(), questions: texts.optional() }))
    .optional(),
});

/** The folder of language data files: `locales/` of the project, or LOCALES_DIR. */
function localesDir(): string {
  return path.resolve(process.env.LOCALES_DIR ?? "locales");
}

/** Reads and checks every `<code>.json` of the folder; a broken file is skipped with a warning, never half-loaded. */
export function readLocaleFiles(dir = localesDir()): LocaleFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith(".json")).sort();
  } catch {
    return [];
  }
  const files: LocaleFile[] = [];
  for (const name of names) {
    try {
      const parsed = localeFileSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")));
      if (!parsed.success) {
        console.warn(`locales/${name}: ignored (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`);
        continue;
      }
      if (`${parsed.data.code}.json` !== name || parsed.data.code === "vi" || parsed.data.code === "en") {
        console.warn(`locales/${name}: ignored (the file must be named <code>.json and not replace vi or en)`);
        continue;
      }
      files.push(parsed.data as LocaleFile);
    } catch (e) {
      console.warn(`locales/${name}: ignored (${(e as Error).message})`);
    }
  }
  return files;
}

let loaded = false;

/** Registers the data files once per process (called by the server entry and by loaders that need them). */
function loadLocales(): void {
  if (loaded) return;
  loaded = true;
  registerLocales(readLocaleFiles());
}

loadLocales();
