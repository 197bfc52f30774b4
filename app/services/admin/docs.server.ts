import fs from "node:fs/promises";
import path from "node:path";
import { marked } from "marked";

/** Renders one of the project's own Markdown documents (trusted text, not user input). */
export async function renderDoc(name: "api"): Promise<{ html: string; title: string }> {
  const file = path.resolve("docs", `${name}.md`);
  const text = await fs.readFile(file, "utf8");
  const title = /^#\s+(.+)$/m.exec(text)?.[1] ?? name;
  return { html: await marked.parse(text), title };
}
