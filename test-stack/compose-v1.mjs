// Makes docker-compose.yml readable by Debian's docker-compose 1.29 for the Compose test
// tier (scripts/compose-test.sh), which has no Compose v2. Removes only what 1.29's schema
// rejects and the test does not need: the top-level `name` (the test passes the project
// name) and, under every `build:`, `secrets` and `additional_contexts` (the test builds
// the images itself). A nested default, `${A:-x:${B:-y}}` (Compose v2 only), becomes
// `${A:?…}`: the test sets every such A. Everything else, anchors and comments
// included, is kept as written. Prints each change.   node compose-v1.mjs <in.yml> <out.yml>
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// The `yaml` package of the compose schema check (npm ci in compose/schema-check).
const require = createRequire(
  fileURLToPath(new URL('../compose/schema-check/package.json', import.meta.url)),
);
const YAML = require('yaml');

const [input, output] = process.argv.slice(2);
const doc = YAML.parseDocument(readFileSync(input, 'utf8'));
const removed = [];
const namePair = doc.contents.items.find((p) => p.key?.value === 'name');
if (namePair) {
  doc.commentBefore = [doc.commentBefore, namePair.key.commentBefore].filter(Boolean).join('\n') || null;
  doc.delete('name');
  removed.push('name');
}
const NESTED = /\$\{([A-Za-z_][A-Za-z0-9_]*):-[^{}]*\$\{[^{}]*\}[^{}]*\}/g;
const where = (path, last) =>
  path
    .filter(YAML.isPair)
    .map((p) => p.key.value)
    .concat(last)
    .join('.');
YAML.visit(doc, {
  Scalar(_, node, path) {
    if (typeof node.value !== 'string' || !node.value.match(NESTED)) return;
    node.value = node.value.replace(
      NESTED,
      (_m, name) => `\${${name}:?set ${name} (nested defaults need Compose v2)}`,
    );
    removed.push(`${where(path, [])}:nested-default`);
  },
  Pair(_, pair, path) {
    if (pair.key?.value !== 'build' || !YAML.isMap(pair.value)) return;
    for (const key of ['secrets', 'additional_contexts']) {
      if (pair.value.has(key)) {
        pair.value.delete(key);
        removed.push(`${where(path, 'build')}.${key}`);
      }
    }
  },
});
writeFileSync(output, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
console.log(removed.join(' '));
