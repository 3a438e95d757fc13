import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { server } from '@/test/server';
import { renderWithProviders } from '@/test/render';
import { ImportedNotice, ImportHistory, TaskHistoryExport } from './task-history';

const WS = '44444444-4444-4444-8444-444444444444';
const TASK = '55555555-5555-4555-8555-555555555555';

describe('task history import and export', () => {
  it('imports the two Roo files as JSON and links to the new task with the notes', async () => {
    const bodies: unknown[] = [];
    const queries: string[] = [];
    server.use(
      http.post(`/api/v1/workspaces/${WS}/tasks/import`, async ({ request }) => {
        queries.push(new URL(request.url).search);
        expect(request.headers.get('content-type')).toBe('application/json');
        bodies.push(await request.json());
        return HttpResponse.json(
          { task: { id: TASK, title: 'Add sum' }, messages: 22, notes: ['2 image(s) were not imported'] },
          { status: 201 },
        );
      }),
    );
    renderWithProviders(<ImportHistory ws={WS} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Import Roo history' }));
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Choose ui_messages.json');
    const ui = [{ ts: 1, type: 'say', say: 'text', text: 'Add sum' }];
    const api = [{ role: 'user', content: 'Add sum' }];
    await user.upload(
      screen.getByLabelText('ui_messages.json'),
      new File([JSON.stringify(ui)], 'ui_messages.json', { type: 'application/json' }),
    );
    await user.upload(
      screen.getByLabelText('api_conversation_history.json (optional)'),
      new File([JSON.stringify(api)], 'api_conversation_history.json', { type: 'application/json' }),
    );
    await user.type(screen.getByLabelText('Mode to show it in (optional)'), 'architect');
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('link', { name: 'Add sum' })).toHaveAttribute(
      'href',
      `/workspaces/${WS}/tasks/${TASK}`,
    );
    expect(screen.getByText('Note: 2 image(s) were not imported')).toBeInTheDocument();
    expect(bodies).toEqual([{ uiMessages: ui, apiConversationHistory: api }]);
    expect(queries).toEqual(['?mode=architect']);
  });

  it("says when a picked file is not JSON, and shows the server's 400", async () => {
    server.use(
      http.post(`/api/v1/workspaces/${WS}/tasks/import`, () =>
        HttpResponse.json(
          { statusCode: 400, error: 'Bad Request', message: 'ui_messages[0].type: Invalid option' },
          { status: 400 },
        ),
      ),
    );
    renderWithProviders(<ImportHistory ws={WS} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Import Roo history' }));
    const input = screen.getByLabelText('ui_messages.json');
    await user.upload(input, new File(['not json'], 'ui_messages.json', { type: 'application/json' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('ui_messages.json is not a JSON file.');
    await user.upload(
      input,
      new File(['[{"type":"shout"}]'], 'ui_messages.json', { type: 'application/json' }),
    );
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText(/ui_messages\[0\]\.type: Invalid option/)).toBeInTheDocument();
  });

  it('downloads the Roo JSON files under the names the server gives', async () => {
    const formats: string[] = [];
    server.use(
      http.get(`/api/v1/tasks/${TASK}/export`, ({ request }) => {
        const format = new URL(request.url).searchParams.get('format') ?? '';
        formats.push(format);
        return new HttpResponse('[]', {
          headers: {
            'content-type': 'application/json',
            'content-disposition': `attachment; filename="${format}.json"`,
          },
        });
      }),
    );
    const created: string[] = [];
    const createObjectURL = vi.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      created.push(this.download);
    });
    renderWithProviders(<TaskHistoryExport taskId={TASK} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Export for Roo Code (JSON)' }));
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Downloaded ui_messages.json and api_conversation_history.json.',
      ),
    );
    expect(formats).toEqual(['ui_messages', 'api_conversation_history']);
    expect(created).toEqual(['ui_messages.json', 'api_conversation_history.json']);
    click.mockRestore();
  });

  it('marks an imported task with what it cost in Roo Code', async () => {
    renderWithProviders(
      <ImportedNotice
        task={{
          imported: {
            source: 'roo',
            at: '2026-11-29T10:00:00Z',
            messages: 22,
            tokensIn: 8866,
            tokensOut: 682,
            cacheReads: 0,
            cacheWrites: 0,
            cost: 0.05159,
          },
        }}
      />,
    );
    expect(await screen.findByText(/Imported from a Roo Code history .* read-only/)).toHaveTextContent(
      '8,866 tokens in and 682 out and cost $0.05',
    );
  });
});
