import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { FakeRealtime } from '@/test/fake-realtime';
import { ask } from '@/test/fixtures';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { PendingAsk } from './pending-ask';

const editAsk = ask(
  7,
  'tool',
  JSON.stringify({
    tool: 'appliedDiff',
    path: 'src/app.ts',
    diff: '@@ -1 +1 @@\n-const a = 1;\n+const a = 2;',
  }),
);

describe('PendingAsk', () => {
  it('approve sends task:respond over the socket', async () => {
    const realtime = new FakeRealtime('connected');
    renderWithProviders(<PendingAsk taskId="t1" workspaceId="w1" ask={editAsk} canRespond />, { realtime });
    expect(await screen.findByRole('heading', { name: 'Approve this action?' })).toBeInTheDocument();
    expect(screen.getByLabelText('Proposed changes to src/app.ts')).toHaveTextContent('const a = 2;');

    await userEvent.setup().click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(realtime.responds).toEqual([{ taskId: 't1', response: 'approve' }]));
    expect(await screen.findByText('Sent. Waiting for the agent…')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Deny' })).toBeDisabled();
  });

  it('deny sends task:respond with the optional feedback', async () => {
    const realtime = new FakeRealtime('connected');
    renderWithProviders(<PendingAsk taskId="t1" workspaceId="w1" ask={editAsk} canRespond />, { realtime });
    const user = userEvent.setup();
    await user.type(
      await screen.findByLabelText('Optional feedback sent with your decision'),
      'use a constant',
    );
    await user.click(screen.getByRole('button', { name: 'Deny' }));
    await waitFor(() =>
      expect(realtime.responds).toEqual([{ taskId: 't1', response: 'deny', text: 'use a constant' }]),
    );
  });

  it('puts the feedback box before the decision buttons (reading and tab order)', async () => {
    renderWithProviders(<PendingAsk taskId="t1" workspaceId="w1" ask={editAsk} canRespond />);
    const box = await screen.findByLabelText('Optional feedback sent with your decision');
    for (const name of ['Approve', 'Deny']) {
      const button = screen.getByRole('button', { name });
      expect(box.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    }
  });

  it('renders the question as Markdown', async () => {
    const q = ask(4, 'followup', 'Which **file**?\n\n- `a.ts`\n- `b.ts`');
    renderWithProviders(<PendingAsk taskId="t1" workspaceId="w1" ask={q} canRespond />);
    await screen.findByRole('heading', { name: 'The agent asks' });
    expect(screen.getByText('file').tagName).toBe('STRONG');
    expect(screen.getByText('a.ts').tagName).toBe('CODE');
  });

  it('shows the server refusal and lets the user try again', async () => {
    const realtime = new FakeRealtime('connected');
    realtime.respondAck = { ok: false, error: 'Nothing to answer' };
    renderWithProviders(<PendingAsk taskId="t1" workspaceId="w1" ask={editAsk} canRespond />, { realtime });
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Nothing to answer');
    expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
  });

  it('answers a follow-up question with a suggestion', async () => {
    const realtime = new FakeRealtime('connected');
    const q = ask(
      3,
      'followup',
      JSON.stringify({ question: 'Which port?', suggest: [{ answer: '8080' }, { answer: '3000' }] }),
    );
    renderWithProviders(<PendingAsk taskId="t1" workspaceId="w1" ask={q} canRespond />, { realtime });
    expect(await screen.findByText('Which port?')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: '3000' }));
    await waitFor(() =>
      expect(realtime.responds).toEqual([{ taskId: 't1', response: 'answer', text: '3000' }]),
    );
  });

  it('a suggestion with a mode says so and sends the mode (the switch is the user’s choice)', async () => {
    const realtime = new FakeRealtime('connected');
    let body: unknown;
    server.use(
      http.post('/api/v1/tasks/t1/respond', async ({ request }) => {
        body = await request.json();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const q = {
      ...ask(4, 'followup', 'Implement now?'),
      meta: {
        toolCall: { id: 'c9', name: 'ask_followup_question', input: { question: 'Implement now?' } },
        suggestions: [{ text: 'Yes, build it', mode: 'code' }, { text: 'Plan more' }],
      },
    };
    renderWithProviders(<PendingAsk taskId="t1" workspaceId="w1" ask={q} canRespond />, { realtime });
    const button = await screen.findByRole('button', { name: /Yes, build it/ });
    expect(button).toHaveTextContent('→ code mode');
    expect(screen.getByRole('button', { name: 'Plan more' })).not.toHaveTextContent('mode');
    await userEvent.setup().click(button);
    await waitFor(() => expect(body).toEqual({ response: 'answer', text: 'Yes, build it', mode: 'code' }));
  });

  it('falls back to POST /tasks/:id/respond while the socket is down', async () => {
    const realtime = new FakeRealtime('reconnecting');
    let body: unknown;
    server.use(
      http.post('/api/v1/tasks/t1/respond', async ({ request }) => {
        body = await request.json();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderWithProviders(<PendingAsk taskId="t1" workspaceId="w1" ask={editAsk} canRespond />, { realtime });
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(body).toEqual({ response: 'approve' }));
    expect(realtime.responds).toEqual([]);
  });

  it('shows a server-shaped write_to_file request (meta.toolCall) as a diff against the current file', async () => {
    server.use(
      http.get('/api/v1/workspaces/w1/files/content', ({ request }) =>
        new URL(request.url).searchParams.get('path') === 'hello.txt'
          ? new HttpResponse('Hello world\nsecond line\n', { headers: { 'Content-Type': 'text/plain' } })
          : HttpResponse.json(
              { statusCode: 404, error: 'Not Found', message: 'no such file' },
              { status: 404 },
            ),
      ),
    );
    const realtime = new FakeRealtime('connected');
    const m = {
      ...ask(9, 'tool', ''),
      meta: {
        toolCall: { id: 'c1', name: 'write_to_file', input: { path: 'hello.txt', content: 'Hello Roo' } },
      },
    };
    renderWithProviders(<PendingAsk taskId="t1" workspaceId="w1" ask={m} canRespond />, { realtime });
    expect(await screen.findByText('Write file')).toBeInTheDocument();
    const diff = screen.getByLabelText('Proposed changes to hello.txt');
    await waitFor(() => expect(diff).toHaveTextContent('removed: Hello world'));
    expect(diff).toHaveTextContent('added: Hello Roo');
    expect(diff).not.toHaveTextContent('added: second line');
  });

  it('viewers see the question but cannot answer', async () => {
    renderWithProviders(<PendingAsk taskId="t1" workspaceId="w1" ask={editAsk} canRespond={false} />);
    expect(await screen.findByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(screen.getByText('Only members can answer.')).toBeInTheDocument();
  });
});
