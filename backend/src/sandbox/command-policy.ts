/**
 * Roo Code's allowed/denied command prefixes: a command line is split into its parts
 * (`&&`, `||`, `;`, `|`, `&`, new lines); a part matches the longest prefix of either list
 * and the deny list wins a tie. Any denied part denies the line; the line runs without
 * asking only when every part is allowed and it has no command substitution. These lists
 * are a convenience and a guard rail, not the security boundary: the sandbox is.
 */
export type CommandDecision =
  { decision: 'allow' | 'ask' } | { decision: 'deny'; part: string; prefix: string };

export function splitCommand(command: string): string[] {
  return command
    .split(/&&|\|\||;|\||&|\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const longestMatch = (part: string, prefixes: string[]) => {
  let best = '';
  const p = part.toLowerCase();
  for (const raw of prefixes) {
    const prefix = raw.trim().toLowerCase();
    if (!prefix) continue;
    if ((prefix === '*' || p === prefix || p.startsWith(prefix)) && prefix.length > best.length)
      best = prefix;
  }
  return best;
};

export function commandDecision(command: string, allowed: string[], denied: string[]): CommandDecision {
  const parts = splitCommand(command);
  let allAllowed = parts.length > 0;
  for (const part of parts) {
    const deny = longestMatch(part, denied);
    const allow = longestMatch(part, allowed);
    if (deny && deny.length >= allow.length) return { decision: 'deny', part, prefix: deny };
    if (!allow) allAllowed = false;
  }
  // Substitutions run commands the prefixes never saw.
  if (/\$\(|`|<\(|>\(/.test(command)) allAllowed = false;
  return { decision: allAllowed ? 'allow' : 'ask' };
}
