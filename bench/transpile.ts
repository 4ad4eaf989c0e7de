/**
 * Turns one TypeScript entry file and every relative module it imports into CommonJS under
 * `outDir` (same layout as the repository), with the TypeScript compiler's transpile-only mode.
 * A benchmark child then runs as plain `node file.js`: no compiler in its memory or start-up time.
 */

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const ROOT = resolve(__dirname, "..");

function sourceFile(spec: string, from: string): string {
  // ESM-style specifiers name the emitted file (`./x.js`); the source is `./x.ts`.
  const base = resolve(dirname(from), spec.replace(/\.js$/, ""));
  for (const candidate of [`${base}.ts`, join(base, "index.ts")]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next form
    }
  }
  throw new Error(`cannot find the module "${spec}" imported by ${relative(ROOT, from)}`);
}

/** Returns the path of the entry's JavaScript in `outDir`. */
export function transpileTree(entry: string, outDir: string): string {
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) queue.push(sourceFile(match[1]!, file));
    const output = ts.transpileModule(text, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const target = join(outDir, relative(ROOT, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  return join(outDir, relative(ROOT, resolve(entry))).replace(/\.ts$/, ".js");
}
