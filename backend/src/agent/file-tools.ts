import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AgentFileStore } from './agent-file-store.js';
import { editPath, planEdit } from './edit-tools.js';
import { compileGlob, compileSearchRegex } from './search-patterns.js';

export interface ToolOutcome {
  content: string;
  isError: boolean;
  /** Roo-Code's ClineSayTool JSON shown to users. */
  display: Record<string, unknown>;
}

const MAX_READ_LINES = 2000;
const MAX_SEARCH_FILES = 300;
const MAX_MATCHES = 100;
const MAX_SEARCH_BYTES = 1024 * 1024;
/**
 * The call's arguments (in the history) already hold the content; past this size the
 * displays shown to users keep path, size, sha256 and a preview, so it is stored once.
 */
export const DISPLAY_MAX_CHARS = 16 * 1024;
const PREVIEW_CHARS = 2 * 1024;

/** The display of a large payload: enough to recognise it, not a second copy. */
function displayed(key: 'content' | 'diff', value: string): Record<string, unknown> {
  if (value.length <= DISPLAY_MAX_CHARS) return { [key]: value };
  const bytes = Buffer.from(value, 'utf8');
  return {
    [key]: value.slice(0, PREVIEW_CHARS),
    truncated: true,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const posInt = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
const fail = (content: string, display: Record<string, unknown>): ToolOutcome => ({
  content,
  isError: true,
  display,
});
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const folderPrefix = (p: string) => {
  const t = p
    .trim()
    .replace(/^\.?\/+/, '')
    .replace(/\/+$/, '');
  return t && t !== '.' ? `${t}/` : '';
};

/**
 * A call as an ask records it: the history's turn already holds the full arguments, so
 * large string arguments keep only a preview here (the UI shows it; the id is what counts).
 */
export function compactCall<T extends { id: string; name: string; input: Record<string, unknown> }>(
  call: T,
): T {
  const input: Record<string, unknown> = {};
  let truncated = false;
  for (const [k, v] of Object.entries(call.input)) {
    const long = typeof v === 'string' && v.length > DISPLAY_MAX_CHARS;
    truncated ||= long;
    input[k] = long ? v.slice(0, PREVIEW_CHARS) : v;
  }
  return truncated ? { ...call, input: { ...input, truncated: true } } : call;
}

/** The workspace-file tools, over FilesService (bytes in the bucket, metadata in Postgres). */
@Injectable()
export class FileTools {
  // The task's working copy during a run (the bucket otherwise).
  constructor(private readonly files: AgentFileStore) {}

  async readFile(ws: string, input: Record<string, unknown>): Promise<ToolOutcome> {
    const path = str(input.path);
    const display = { tool: 'readFile', path };
    try {
      const lines = (await this.files.readForAgent(ws, path)).toString('utf8').split('\n');
      const start = posInt(input.start_line) ?? 1;
      const end = Math.min(posInt(input.end_line) ?? lines.length, lines.length, start + MAX_READ_LINES - 1);
      if (start > lines.length)
        return fail(`${path} has ${lines.length} lines; start_line ${start} is past the end`, display);
      const body = lines
        .slice(start - 1, end)
        .map((l, i) => `${start + i} | ${l}`)
        .join('\n');
      const more = end < lines.length ? `\n[showing lines ${start}-${end} of ${lines.length}]` : '';
      return {
        content: `<file><path>${path}</path>\n<content>\n${body}\n</content>${more}</file>`,
        isError: false,
        display,
      };
    } catch (e) {
      return fail(`could not read ${path}: ${errorText(e)}`, display);
    }
  }

  async listFiles(ws: string, input: Record<string, unknown>): Promise<ToolOutcome> {
    const prefix = folderPrefix(str(input.path));
    const recursive = input.recursive === true;
    const display = { tool: recursive ? 'listFilesRecursive' : 'listFilesTopLevel', path: prefix || '.' };
    try {
      const { items, folders } = await this.files.listForAgent(ws, prefix, recursive);
      const lines = [...folders, ...items.map((f) => f.path)].sort();
      return { content: lines.length ? lines.join('\n') : '(no files)', isError: false, display };
    } catch (e) {
      return fail(`could not list ${prefix || 'the workspace'}: ${errorText(e)}`, display);
    }
  }

  async searchFiles(ws: string, input: Record<string, unknown>): Promise<ToolOutcome> {
    const prefix = folderPrefix(str(input.path));
    const pattern = str(input.file_pattern);
    const display = {
      tool: 'searchFiles',
      path: prefix || '.',
      regex: str(input.regex),
      filePattern: pattern || undefined,
    };
    // RE2: linear time whatever the model sends, so a search cannot freeze the worker.
    const regex = compileSearchRegex(str(input.regex));
    if (!regex.ok) return fail(regex.error, display);
    const globbed = pattern ? compileGlob(pattern) : null;
    if (globbed && !globbed.ok) return fail(globbed.error, display);
    const glob = globbed?.ok ? globbed.matcher : null;
    try {
      const { items } = await this.files.listForAgent(ws, prefix, true);
      const candidates = items
        .filter((f) => f.size <= MAX_SEARCH_BYTES && (!glob || glob.test(f.path)))
        .slice(0, MAX_SEARCH_FILES);
      const matches: string[] = [];
      for (const f of candidates) {
        const text = (await this.files.readForAgent(ws, f.path)).toString('utf8');
        if (text.includes('\u0000')) continue;
        for (const [i, line] of text.split('\n').entries()) {
          if (regex.matcher.test(line)) matches.push(`${f.path}:${i + 1}: ${line.slice(0, 300)}`);
          if (matches.length >= MAX_MATCHES) break;
        }
        if (matches.length >= MAX_MATCHES) break;
      }
      const content = matches.length
        ? matches.join('\n') + (matches.length >= MAX_MATCHES ? '\n[more matches omitted]' : '')
        : 'No matches.';
      return { content, isError: false, display };
    } catch (e) {
      return fail(`search failed: ${errorText(e)}`, display);
    }
  }

  /** What a write would do (shown in the approval request); an error when it cannot apply. */
  async preview(
    ws: string,
    tool: string,
    input: Record<string, unknown>,
  ): Promise<ToolOutcome & { newContent?: string }> {
    const path = str(input.path);
    if (tool === 'write_to_file') {
      const exists = await this.files.readForAgent(ws, path).then(
        () => true,
        () => false,
      );
      const content = str(input.content);
      return {
        content: '',
        isError: false,
        display: {
          tool: exists ? 'editedExistingFile' : 'newFileCreated',
          path,
          ...displayed('content', content),
        },
        newContent: content,
      };
    }
    // apply_diff and Roo's string edits (edit-tools.ts); a missing file is null, which edit_file may create.
    const original = await this.files.readForAgent(ws, editPath(input)).then(
      (b) => b.toString('utf8'),
      () => null,
    );
    const plan = planEdit(tool, input, original);
    if (!plan.ok) return fail(plan.error, plan.display);
    return { content: plan.note, isError: false, display: plan.display, newContent: plan.newContent };
  }

  async write(
    ws: string,
    tool: string,
    input: Record<string, unknown>,
    userId: string,
  ): Promise<ToolOutcome> {
    const p = await this.preview(ws, tool, input);
    if (p.isError || p.newContent === undefined) return p;
    const path = editPath(input);
    try {
      const meta = await this.files.writeForAgent(ws, path, Buffer.from(p.newContent, 'utf8'), userId);
      return {
        content: `${path} saved (${meta.size} bytes).${p.content}`,
        isError: false,
        display: p.display,
      };
    } catch (e) {
      return fail(`could not write ${path}: ${errorText(e)}`, p.display);
    }
  }
}
