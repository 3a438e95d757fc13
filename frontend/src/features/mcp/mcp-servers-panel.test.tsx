import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '@/test/render';
import { server as msw } from '@/test/server';
import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';
import type { McpServer } from './api';
import { McpAskDetails } from './mcp-ask';
import { McpServersPanel } from './mcp-servers-panel';

const notes: McpServer = {
  id: 's1',
  workspaceId: 'w1',
  name: 'notes',
  url: 'https://mcp.example.com/mcp',
  enabled: true,
  headers: { Authorization: 'Bearer …6789' },
  allowedTools: ['add'],
  resourcesAllowed: false,
  tools: [
    { name: 'add', description: 'Add two numbers.' },
    { name: 'delete_everything', description: 'Deletes all data.' },
  ],
  resources: [{ uri: 'notes://readme', name: 'readme' }],
  status: 'connected',
  lastError: null,
  discoveredAt: '2026-11-29T10:00:00Z',
  createdAt: '2026-11-29T10:00:00Z',
  updatedAt: '2026-11-29T10:00:00Z',
};

describe('McpServersPanel', () => {
  it('an admin picks the allowed tools; the stored choice is sent', async () => {
    const patches: unknown[] = [];
    msw.use(
      http.get('/api/v1/workspaces/w1/mcp-servers', () => HttpResponse.json([notes])),
      http.patch('/api/v1/workspaces/w1/mcp-servers/s1', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        patches.push(body);
        return HttpResponse.json({ ...notes, ...body });
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<McpServersPanel ws="w1" canEdit />);
    const item = await screen.findByRole('article', { name: /notes/ });
    expect(within(item).getByText('Connected')).toBeInTheDocument();
    expect(within(item).getByText('Bearer …6789')).toBeInTheDocument();
    const tools = within(item).getByRole('group', { name: 'Allowed tools' });
    expect(within(tools).getByRole('checkbox', { name: /add/ })).toBeChecked();
    await user.click(within(tools).getByRole('checkbox', { name: /delete_everything/ }));
    await user.click(
      within(item).getByRole('checkbox', { name: /Allow reading its resources \(1 listed\)/ }),
    );
    await user.click(within(item).getByRole('button', { name: 'Save notes' }));
    await waitFor(() =>
      expect(patches).toEqual([
        { allowedTools: ['add', 'delete_everything'], resourcesAllowed: true, enabled: true },
      ]),
    );
    expect(await within(item).findByText('Saved.')).toBeInTheDocument();
  });

  it('an admin adds a server with a header and removes one after confirming', async () => {
    const created: unknown[] = [];
    let deleted = 0;
    msw.use(
      http.get('/api/v1/workspaces/w1/mcp-servers', () => HttpResponse.json([notes])),
      http.post('/api/v1/workspaces/w1/mcp-servers', async ({ request }) => {
        created.push(await request.json());
        return HttpResponse.json({ ...notes, id: 's2', name: 'github' }, { status: 201 });
      }),
      http.delete('/api/v1/workspaces/w1/mcp-servers/s1', () => {
        deleted++;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<McpServersPanel ws="w1" canEdit />);
    const form = await screen.findByRole('form', { name: 'Add an MCP server' });
    await user.type(within(form).getByLabelText('Name'), 'github');
    await user.type(within(form).getByLabelText('URL'), 'https://mcp.github.example/mcp');
    const secret = within(form).getByLabelText('Header value');
    expect(secret).toHaveAttribute('type', 'password');
    await user.type(secret, 'Bearer ghp_secret');
    await user.click(within(form).getByRole('button', { name: 'Add server' }));
    await waitFor(() =>
      expect(created).toEqual([
        {
          name: 'github',
          url: 'https://mcp.github.example/mcp',
          headers: { Authorization: 'Bearer ghp_secret' },
        },
      ]),
    );
    // The form starts afresh: the token does not stay on the page.
    await waitFor(() => expect(screen.getByLabelText('Header value')).toHaveValue(''));
    await user.click(screen.getByRole('button', { name: 'Remove notes' }));
    await user.click(await screen.findByRole('button', { name: 'Remove server' }));
    await waitFor(() => expect(deleted).toBe(1));
  });

  it('others see the servers and their allowed tools but cannot change them', async () => {
    msw.use(
      http.get('/api/v1/workspaces/w1/mcp-servers', () =>
        HttpResponse.json([{ ...notes, status: 'error', lastError: 'MCP server notes failed: HTTP 401' }]),
      ),
    );
    renderWithProviders(<McpServersPanel ws="w1" canEdit={false} />);
    expect(await screen.findByText('MCP server notes failed: HTTP 401')).toBeInTheDocument();
    expect(screen.getByText('Not reachable')).toBeInTheDocument();
    expect(screen.getByText('Allowed tools: add')).toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('form', { name: 'Add an MCP server' })).toBeNull();
  });
});

describe('McpAskDetails', () => {
  const ask = (text: string) =>
    ({ seq: 4, type: 'ask', ask: 'use_mcp_server', text }) as unknown as TaskMessage;

  it('shows the server, the tool and its arguments the user approves', () => {
    renderWithProviders(
      <McpAskDetails
        message={ask(
          JSON.stringify({
            type: 'use_mcp_tool',
            serverName: 'notes',
            toolName: 'add',
            arguments: '{"a":2}',
          }),
        )}
      />,
    );
    return waitFor(() => {
      expect(screen.getByText('add')).toBeInTheDocument();
      expect(screen.getByText('notes')).toBeInTheDocument();
      expect(screen.getByLabelText('Arguments')).toHaveTextContent('"a": 2');
    });
  });

  it('shows the resource a read asks for', async () => {
    renderWithProviders(
      <McpAskDetails
        message={ask(
          JSON.stringify({ type: 'access_mcp_resource', serverName: 'notes', uri: 'notes://readme' }),
        )}
      />,
    );
    expect(await screen.findByText('notes://readme')).toBeInTheDocument();
  });
});
