import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/components/dialog';
import { TextField } from '@/components/field';
import { ErrorState, InlineError, Loading } from '@/components/states';
import {
  useCreateMcpServer,
  useDeleteMcpServer,
  useMcpServers,
  useRefreshMcpServer,
  useUpdateMcpServer,
  type McpServer,
} from './api';

const STATUS_LABEL = { connected: 'Connected', error: 'Not reachable', unknown: 'Not checked yet' } as const;

/**
 * The workspace's remote MCP servers on the settings page: everyone sees them (header names and hints,
 * never the values); admins add and remove servers and choose which listed tools the agent may call.
 */
export function McpServersPanel({ ws, canEdit }: { ws: string; canEdit: boolean }) {
  const servers = useMcpServers(ws);
  return (
    <section className="card" aria-labelledby="mcp-title">
      <h3 id="mcp-title">MCP servers</h3>
      <p className="muted">
        Remote Model Context Protocol servers (Streamable HTTP). The agent may call only the tools allowed
        here, and asks before each call unless a task auto-approves MCP.
      </p>
      {servers.isPending ? (
        <Loading label="Loading MCP servers…" />
      ) : servers.isError ? (
        <ErrorState error={servers.error} onRetry={() => void servers.refetch()} />
      ) : (
        <>
          {servers.data.length === 0 && <p>No MCP servers yet.</p>}
          {servers.data.map((s) => (
            <ServerItem key={s.id} ws={ws} server={s} canEdit={canEdit} />
          ))}
          {canEdit ? <AddServerForm ws={ws} /> : <p className="muted">Only admins can change these.</p>}
        </>
      )}
    </section>
  );
}

function ServerItem({ ws, server, canEdit }: { ws: string; server: McpServer; canEdit: boolean }) {
  const headingId = `mcp-${server.id}`;
  const headers = Object.entries(server.headers);
  return (
    <article className="card" aria-labelledby={headingId}>
      <h4 id={headingId}>
        {server.name}{' '}
        <span className={`badge mcp-status-${server.status}`}>{STATUS_LABEL[server.status]}</span>
        {!server.enabled && <span className="badge"> Disabled</span>}
      </h4>
      <p>
        <code>{server.url}</code>
      </p>
      {headers.length > 0 && (
        <p className="muted">
          Headers:{' '}
          {headers.map(([name, hint]) => (
            <span key={name}>
              {name} <code>{hint}</code>{' '}
            </span>
          ))}
        </p>
      )}
      {server.lastError && <p className="field-error">{server.lastError}</p>}
      {canEdit ? (
        <ServerSettings ws={ws} server={server} />
      ) : (
        <p>Allowed tools: {server.allowedTools.join(', ') || 'none'}</p>
      )}
    </article>
  );
}

function ServerSettings({ ws, server }: { ws: string; server: McpServer }) {
  const update = useUpdateMcpServer(ws, server.id);
  const refresh = useRefreshMcpServer(ws, server.id);
  const remove = useDeleteMcpServer(ws, server.id);
  const [confirm, setConfirm] = useState(false);
  const [saved, setSaved] = useState(false);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setSaved(false);
    update.mutate(
      {
        allowedTools: data.getAll('tool').map(String),
        resourcesAllowed: data.get('resources') === 'on',
        enabled: data.get('enabled') === 'on',
      },
      { onSuccess: () => setSaved(true) },
    );
  };

  return (
    // Keyed by the stored choice, so the boxes show what the server saved.
    <form
      key={`${server.updatedAt}`}
      className="form"
      onSubmit={submit}
      aria-label={`Settings of MCP server ${server.name}`}
    >
      <fieldset className="fieldset-plain">
        <legend>Allowed tools</legend>
        {server.tools.length === 0 && <p className="muted">The server listed no tools.</p>}
        {server.tools.map((t) => (
          <label key={t.name} className="check">
            <input
              type="checkbox"
              name="tool"
              value={t.name}
              defaultChecked={server.allowedTools.includes(t.name)}
            />{' '}
            <code>{t.name}</code>
            {t.description && <span className="muted"> — {t.description}</span>}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" name="resources" defaultChecked={server.resourcesAllowed} /> Allow reading its
        resources ({server.resources.length} listed)
      </label>
      <label className="check">
        <input type="checkbox" name="enabled" defaultChecked={server.enabled} /> Enabled
      </label>
      <InlineError error={update.error ?? refresh.error} />
      {saved && <p role="status">Saved.</p>}
      <div className="row wrap">
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>
          Save {server.name}
        </button>
        <button type="button" className="btn" disabled={refresh.isPending} onClick={() => refresh.mutate()}>
          {refresh.isPending ? 'Listing tools…' : `Refresh tools of ${server.name}`}
        </button>
        <button type="button" className="btn btn-danger" onClick={() => setConfirm(true)}>
          Remove {server.name}
        </button>
      </div>
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title={`Remove MCP server ${server.name}?`}
        description="Tasks can no longer call its tools. Its stored headers are deleted."
        confirmLabel="Remove server"
        pending={remove.isPending}
        error={<InlineError error={remove.error} />}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => setConfirm(false) })}
      />
    </form>
  );
}

function AddServerForm({ ws }: { ws: string }) {
  const create = useCreateMcpServer(ws);
  const [formKey, setFormKey] = useState(0);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const headerName = String(data.get('headerName') ?? '').trim();
    const headerValue = String(data.get('headerValue') ?? '').trim();
    create.mutate(
      {
        name: String(data.get('name') ?? '').trim(),
        url: String(data.get('url') ?? '').trim(),
        ...(headerName && headerValue ? { headers: { [headerName]: headerValue } } : {}),
      },
      // A fresh form: the secret does not stay in the page.
      { onSuccess: () => setFormKey((k) => k + 1) },
    );
  };

  return (
    <form key={formKey} className="form" onSubmit={submit} aria-labelledby="mcp-add-title">
      <h4 id="mcp-add-title">Add an MCP server</h4>
      <TextField
        label="Name"
        name="name"
        required
        pattern="[A-Za-z0-9_\-]{1,64}"
        hint="What the agent calls it: letters, digits, - and _."
      />
      <TextField
        label="URL"
        name="url"
        type="url"
        required
        placeholder="https://mcp.example.com/mcp"
        hint="The server's Streamable HTTP endpoint (https)."
      />
      <TextField label="Header name" name="headerName" defaultValue="Authorization" autoComplete="off" />
      <TextField
        label="Header value"
        name="headerValue"
        type="password"
        autoComplete="off"
        hint="For example Bearer and a token. Stored encrypted; never shown again."
      />
      <InlineError error={create.error} />
      {create.isSuccess && <p role="status">Added {create.data?.name}.</p>}
      <button type="submit" className="btn btn-primary" disabled={create.isPending}>
        {create.isPending ? 'Adding and listing tools…' : 'Add server'}
      </button>
    </form>
  );
}
