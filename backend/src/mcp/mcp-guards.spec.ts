import { describe, expect, it } from 'vitest';
import { EgressRefusedError } from '../providers/egress/egress-policy.js';
import { redactor, resourceText, sanitizeTools, toolResultText, truncate } from './mcp-content.js';
import { checkMcpUrl, isTrustedHost, mcpEgressPolicy } from './mcp-egress.js';
import { parseArguments } from './mcp-tools.js';

describe('MCP server URLs', () => {
  const trusted = ['127.0.0.1', 'mcp.lan', '10.20.0.0/16'];
  const policy = mcpEgressPolicy(trusted, ['redis', 'postgres']);
  const check = (url: string) => checkMcpUrl(url, trusted, policy).href;
  const refused = (url: string, why: RegExp) => {
    expect(() => check(url)).toThrow(EgressRefusedError);
    expect(() => check(url)).toThrow(why);
  };

  it('takes https to public hosts and http only to trusted hosts', () => {
    expect(check('https://mcp.example.com/mcp')).toBe('https://mcp.example.com/mcp');
    expect(check('http://127.0.0.1:8080/mcp')).toBe('http://127.0.0.1:8080/mcp');
    expect(check('http://mcp.lan/mcp')).toBe('http://mcp.lan/mcp');
    expect(check('http://10.20.3.4/mcp')).toBe('http://10.20.3.4/mcp');
    refused('http://mcp.example.com/mcp', /must be https/);
    refused('http://10.21.0.1/mcp', /must be https/);
  });

  it('refuses loopback, private, link-local, metadata, our own services, credentials and other schemes', () => {
    refused('https://127.0.0.2/mcp', /loopback/);
    refused('https://[::1]/mcp', /loopback/);
    refused('https://[::ffff:127.0.0.2]/mcp', /loopback/);
    refused('https://localhost/mcp', /localhost/);
    refused('https://api.localhost/mcp', /localhost/);
    refused('https://192.168.1.10/mcp', /private/);
    refused('https://169.254.169.254/latest', /metadata/);
    refused('https://[fd00:ec2::254]/', /metadata/);
    refused('https://169.254.10.10/', /link-local/);
    refused('https://redis/mcp', /own services/);
    refused('https://tasks.postgres/mcp', /own services/);
    refused('https://a:b@mcp.example.com/mcp', /credentials/);
    refused('https://mcp.example.com/mcp#x', /fragment/);
    refused('file:///etc/passwd', /https/);
    refused(`https://mcp.example.com/${'a'.repeat(2100)}`, /longer than 2000/);
    refused('not a url', /not a valid URL/);
  });

  it('matches trusted hosts by name or CIDR only, never by suffix', () => {
    expect(isTrustedHost('MCP.LAN.', trusted)).toBe(true);
    expect(isTrustedHost('evil-mcp.lan', trusted)).toBe(false);
    expect(isTrustedHost('mcp.lan.evil.com', trusted)).toBe(false);
    expect(isTrustedHost('::ffff:10.20.1.1', trusted)).toBe(true);
    expect(isTrustedHost('10.2.0.1', trusted)).toBe(false);
  });
});

describe('MCP content from an untrusted server', () => {
  it('keeps only valid, unique tool names and caps descriptions and schemas', () => {
    const tools = sanitizeTools([
      { name: 'ok', description: 'd\u0000\u0007escription', inputSchema: { type: 'object' } },
      { name: 'ok', description: 'duplicate' },
      { name: 'bad name with spaces' },
      { name: 'x'.repeat(129) },
      { name: 42 },
      null,
      { name: 'long', description: 'y'.repeat(5000), inputSchema: { type: 'object', pad: 'z'.repeat(9000) } },
    ]);
    expect(tools.map((t) => t.name)).toEqual(['ok', 'long']);
    expect(tools[0].description).toBe('description');
    expect(tools[1].description).toHaveLength(1001);
    expect(tools[1].inputSchema).toEqual({ type: 'object', description: 'the schema was too large to show' });
    expect(sanitizeTools(Array.from({ length: 500 }, (_, i) => ({ name: `t${i}` })))).toHaveLength(200);
  });

  it('turns results into text: parts joined, binary described, errors marked', () => {
    expect(
      toolResultText({
        content: [
          { type: 'text', text: 'one' },
          { type: 'image', mimeType: 'image/png', data: 'AAAA' },
          { type: 'resource', resource: { uri: 'r://1', text: 'inline' } },
          { type: 'resource_link', uri: 'r://2', name: 'two' },
        ],
      }),
    ).toEqual({
      text: 'one\n\n[image image/png, 3 bytes, not shown]\n\n[resource r://1]\ninline\n\n[resource link r://2 (two)]',
      isError: false,
    });
    expect(toolResultText({ isError: true, content: [{ type: 'text', text: 'boom' }] })).toEqual({
      text: 'Error:\nboom',
      isError: true,
    });
    expect(toolResultText({ content: [], structuredContent: { a: 1 } }).text).toBe('{"a":1}');
    expect(toolResultText('garbage').text).toBe('(no response)');
    expect(
      resourceText({ contents: [{ uri: 'b://1', blob: 'AAAAAAAA', mimeType: 'application/pdf' }] }),
    ).toBe('[binary b://1 application/pdf, 6 bytes, not shown]');
  });

  it('cuts long results on a character boundary with a marker', () => {
    const text = 'é'.repeat(100); // 200 bytes
    const cut = truncate(text, 51);
    expect(cut.startsWith('é'.repeat(25) + '\n\n[… truncated: the MCP server sent 200 bytes')).toBe(true);
    expect(cut).not.toContain('\ufffd');
    expect(truncate('short', 51)).toBe('short');
  });

  it('redacts header values and the token of an auth scheme, not short values', () => {
    const redact = redactor({
      Authorization: 'Bearer tok-123456789',
      'X-Team': 'abc',
      'X-Key': 'key-value-42',
    });
    expect(redact('a Bearer tok-123456789 b tok-123456789 c key-value-42 abc')).toBe(
      'a [redacted] b [redacted] c [redacted] abc',
    );
  });

  it('takes arguments as an object or a JSON object string, nothing else', () => {
    expect(parseArguments({ a: 1 })).toEqual({ a: 1 });
    expect(parseArguments('{"a":1}')).toEqual({ a: 1 });
    expect(parseArguments(undefined)).toEqual({});
    expect(parseArguments('[1]')).toMatch(/JSON object/);
    expect(parseArguments('{nope')).toMatch(/JSON object/);
    expect(parseArguments(3)).toMatch(/JSON object/);
  });
});
