// Helpers shared by the config checks: PASS/FAIL reporting and Compose interpolation.
import { readFileSync } from 'node:fs';

let failed = 0;
export function pass(name) {
  console.log(`PASS ${name}`);
}
export function fail(name, why) {
  failed += 1;
  console.log(`FAIL ${name}: ${why}`);
}
export function check(name, problems) {
  if (problems.length === 0) pass(name);
  else fail(name, problems.slice(0, 8).join('; ') + (problems.length > 8 ? ` (+${problems.length - 8} more)` : ''));
}
export function done() {
  process.exit(failed ? 1 : 0);
}

/** Reads KEY=value lines (like .env.example) into an object. */
export function readEnvFile(path) {
  const env = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return env;
}

/**
 * Compose-style interpolation of one string: $$, $VAR, ${VAR}, ${VAR:-default},
 * ${VAR-default}, ${VAR:?message}, ${VAR?message}; nested defaults work.
 * Unset required variables are reported through `missing` and replaced by `placeholder`.
 */
export function interpolate(text, env, missing, placeholder = 'placeholder') {
  const ESC = '\u0000';
  let s = text.replaceAll('$$', ESC);
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^{}]*))?\}/;
  for (let guard = 0; guard < 100 && re.test(s); guard += 1) {
    s = s.replace(re, (_m, name, op, arg) => {
      const value = env[name];
      const unset = value === undefined;
      const empty = unset || value === '';
      if (!op) return unset ? '' : value;
      if (op === ':-') return empty ? arg : value;
      if (op === '-') return unset ? arg : value;
      if (op === ':?' ? empty : unset) {
        missing.push(`${name} (${arg})`);
        return placeholder;
      }
      return value;
    });
  }
  s = s.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name) => env[name] ?? '');
  return s.replaceAll(ESC, '$');
}

/** Applies interpolate() to every string in a parsed YAML tree. */
export function interpolateTree(node, env, missing) {
  if (typeof node === 'string') return interpolate(node, env, missing);
  if (Array.isArray(node)) return node.map((n) => interpolateTree(n, env, missing));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateTree(v, env, missing)]));
  }
  return node;
}
