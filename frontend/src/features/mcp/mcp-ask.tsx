import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';

interface McpUse {
  type?: string;
  serverName?: string;
  toolName?: string;
  arguments?: string;
  uri?: string;
}

function parse(text: string): McpUse {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as McpUse) : {};
  } catch {
    return {};
  }
}

/** What a `use_mcp_server` ask wants to do (Roo's ClineAskUseMcpServer), so the user sees what they approve. */
export function McpAskDetails({ message }: { message: TaskMessage }) {
  const use = parse(message.text ?? '');
  let args = use.arguments;
  try {
    if (args) args = JSON.stringify(JSON.parse(args), null, 2);
  } catch {
    // Shown as sent.
  }
  return use.type === 'access_mcp_resource' ? (
    <p>
      Read resource <code>{use.uri}</code> of MCP server <strong>{use.serverName}</strong>
    </p>
  ) : (
    <>
      <p>
        Call tool <code>{use.toolName}</code> of MCP server <strong>{use.serverName}</strong>
      </p>
      {args && args !== '{}' && (
        <pre className="code-block" aria-label="Arguments">
          {args}
        </pre>
      )}
    </>
  );
}
