/**
 * What an MCP server sends is untrusted: tool lists and results are cleaned (no NUL, no lone
 * surrogates, no control characters), capped, and stripped of the server's own header values
 * (a server that echoes its token must not put it into the task's history).
 */
import type { McpResourceInfo, McpToolInfo } from './mcp-server.entity.js';

// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const MAX_TOOLS = 200;
export const MAX_RESOURCES = 200;
const DESCRIPTION_MAX = 1000;
const SCHEMA_MAX = 8000;
/** Tool names as the MCP spec allows them (letters, digits, _ - . /), 1-128 characters. */
export const TOOL_NAME = /^[A-Za-z0-9_./-]{1,128}$/;

export function cleanText(text: string, max = Infinity): string {
  const clean = text.replace(CONTROL, '').replace(LONE_SURROGATES, '\ufffd');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** `text` cut to `maxBytes` (UTF-8) with a marker saying how much was left out. */
export function truncate(text: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return text;
  let cut = Buffer.from(text).subarray(0, maxBytes).toString('utf8');
  // A multi-byte character cut in half decodes as U+FFFD; drop it.
  if (cut.endsWith('\ufffd')) cut = cut.slice(0, -1);
  return `${cut}\n\n[… truncated: the MCP server sent ${bytes} bytes, only the first ${maxBytes} are shown]`;
}

/** Replaces every header value (and the token of `Bearer <token>`) in `text`. */
export function redactor(headers: Record<string, string>): (text: string) => string {
  const secrets = new Set<string>();
  for (const v of Object.values(headers)) {
    const value = v.trim();
    if (value.length >= 6) secrets.add(value);
    const token = /^\S+\s+(\S{6,})$/.exec(value)?.[1];
    if (token) secrets.add(token);
  }
  const list = [...secrets].sort((a, b) => b.length - a.length);
  return (text) => list.reduce((t, s) => t.split(s).join('[redacted]'), text);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** The tools a server listed, as stored: valid names only, descriptions and schemas capped. */
export function sanitizeTools(listed: unknown[]): McpToolInfo[] {
  const out: McpToolInfo[] = [];
  const seen = new Set<string>();
  for (const t of listed) {
    if (out.length >= MAX_TOOLS) break;
    if (!isObject(t) || typeof t.name !== 'string' || !TOOL_NAME.test(t.name) || seen.has(t.name)) continue;
    seen.add(t.name);
    const info: McpToolInfo = { name: t.name };
    if (typeof t.description === 'string') info.description = cleanText(t.description, DESCRIPTION_MAX);
    if (isObject(t.inputSchema)) {
      const json = cleanText(JSON.stringify(t.inputSchema));
      info.inputSchema =
        json.length <= SCHEMA_MAX
          ? (JSON.parse(json) as Record<string, unknown>)
          : { type: 'object', description: 'the schema was too large to show' };
    }
    out.push(info);
  }
  return out;
}

export function sanitizeResources(listed: unknown[]): McpResourceInfo[] {
  const out: McpResourceInfo[] = [];
  for (const r of listed) {
    if (out.length >= MAX_RESOURCES) break;
    if (!isObject(r) || typeof r.uri !== 'string' || r.uri.length > 2000) continue;
    const info: McpResourceInfo = {
      uri: cleanText(r.uri),
      name: cleanText(typeof r.name === 'string' ? r.name : r.uri, 200),
    };
    if (typeof r.description === 'string') info.description = cleanText(r.description, DESCRIPTION_MAX);
    if (typeof r.mimeType === 'string') info.mimeType = cleanText(r.mimeType, 100);
    out.push(info);
  }
  return out;
}

const describeBinary = (kind: string, mime: unknown, data: unknown) =>
  `[${kind}${typeof mime === 'string' ? ` ${cleanText(mime, 100)}` : ''}, ${
    typeof data === 'string' ? Math.floor((data.length * 3) / 4) : 0
  } bytes, not shown]`;

/** A tools/call result as text for the model: text parts, resources, links; binary parts described. */
export function toolResultText(result: unknown): { text: string; isError: boolean } {
  const r = isObject(result) ? result : {};
  const parts: string[] = [];
  for (const item of Array.isArray(r.content) ? r.content : []) {
    if (!isObject(item)) continue;
    if (item.type === 'text' && typeof item.text === 'string') parts.push(item.text);
    else if (item.type === 'image' || item.type === 'audio')
      parts.push(describeBinary(item.type, item.mimeType, item.data));
    else if (item.type === 'resource' && isObject(item.resource)) {
      const res = item.resource;
      parts.push(
        typeof res.text === 'string'
          ? `[resource ${String(res.uri)}]\n${res.text}`
          : describeBinary(`resource ${String(res.uri)}`, res.mimeType, res.blob),
      );
    } else if (item.type === 'resource_link' && typeof item.uri === 'string')
      parts.push(`[resource link ${item.uri}${typeof item.name === 'string' ? ` (${item.name})` : ''}]`);
  }
  if (!parts.length && r.structuredContent !== undefined) parts.push(JSON.stringify(r.structuredContent));
  const isError = r.isError === true;
  const text = parts.join('\n\n') || '(no response)';
  return { text: cleanText(isError ? `Error:\n${text}` : text), isError };
}

/** A resources/read result as text: text contents joined, binary contents described. */
export function resourceText(result: unknown): string {
  const r = isObject(result) ? result : {};
  const parts: string[] = [];
  for (const c of Array.isArray(r.contents) ? r.contents : []) {
    if (!isObject(c)) continue;
    if (typeof c.text === 'string') parts.push(c.text);
    else if (typeof c.blob === 'string')
      parts.push(describeBinary(`binary ${String(c.uri)}`, c.mimeType, c.blob));
  }
  return cleanText(parts.join('\n\n') || '(empty response)');
}
