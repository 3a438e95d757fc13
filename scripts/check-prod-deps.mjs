#!/usr/bin/env node
// Every package that backend code outside the tests imports must be a production
// dependency: the backend image installs with `npm ci --omit=dev`, so a devDependency
// used at run time (yazl once: the export route) passes every test on a dev machine and
// crashes the API and worker in the image. Type-only imports are left out, and so are
// method calls that happen to be named require/import (`this.mail.require('password reset')`).
// Prints "PASS …" or "FAIL …" lines.   node scripts/check-prod-deps.mjs [backend folder]
import { readFileSync, readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";

const dir = process.argv[2] ?? join(import.meta.dirname, "..", "backend");
const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
const prod = new Set(Object.keys(pkg.dependencies ?? {}));
const TEST = /\.(spec|int-spec|test|d)\.ts$/;
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|(?<![\w.$])import\(\s*['"]([^'"]+)['"]\s*\)|(?<![\w.$])require\(\s*['"]([^'"]+)['"]\s*\)/g;

const missing = new Map();
let files = 0;
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".ts") && !TEST.test(e.name)) {
      files++;
      for (const m of readFileSync(p, "utf8").matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
        if (
          spec.startsWith(".") ||
          spec.startsWith("node:") ||
          builtinModules.includes(spec.split("/")[0])
        )
          continue;
        const name = spec.startsWith("@")
          ? spec.split("/").slice(0, 2).join("/")
          : spec.split("/")[0];
        if (!prod.has(name))
          missing.set(name, [
            ...(missing.get(name) ?? []),
            p.slice(dir.length + 1),
          ]);
      }
    }
  }
};
walk(join(dir, "src"));
const name = `backend: every package imported outside the tests is a production dependency (${files} files, ${prod.size} dependencies)`;
if (missing.size === 0) console.log(`PASS ${name}`);
else {
  console.log(`FAIL ${name}`);
  for (const [m, where] of missing)
    console.log(
      `  ${m} (not in "dependencies"): ${where.slice(0, 3).join(", ")}`,
    );
}
