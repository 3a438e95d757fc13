import { common, createLowlight } from 'lowlight';

/** Loaded on demand by CodeBlock (kept out of the first load): highlight.js' common languages. */
const lowlight = createLowlight(common);

export type HighlightTree = ReturnType<typeof lowlight.highlight>;

/**
 * Highlights code in the named language; null for an unknown or missing language (no guessing: auto
 * detection runs every grammar over the block, too slow for long agent output).
 */
export function highlight(code: string, language: string | undefined): HighlightTree | null {
  if (!language || !lowlight.registered(language)) return null;
  return lowlight.highlight(language, code);
}
