import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { server } from '@/test/server';
import { renderWithProviders } from '@/test/render';
import { ImportForm } from './import-form';
import { ModeForm } from './mode-form';

const WS = '22222222-2222-4222-8222-222222222222';

describe('custom modes UI', () => {
  it('creates a mode with an edit restriction, sending Roo group entries', async () => {
    const sent: unknown[] = [];
    server.use(
      http.post(`/api/v1/workspaces/${WS}/modes`, async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    let done = false;
    renderWithProviders(<ModeForm ws={WS} onDone={() => (done = true)} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Create mode' }));
    expect(screen.getByText('Lowercase letters, digits and dashes (at most 50).')).toBeInTheDocument();
    expect(screen.getByLabelText('Slug')).toHaveAttribute('aria-invalid', 'true');
    await user.type(screen.getByLabelText('Slug'), 'docs-writer');
    await user.type(screen.getByLabelText('Name'), 'Docs Writer');
    await user.type(screen.getByLabelText('Role definition'), 'You write docs.');
    await user.click(screen.getByRole('checkbox', { name: /Edit files/ }));
    await user.type(screen.getByLabelText('Edit only files matching (regular expression)'), '\\.md$');
    await user.click(screen.getByRole('button', { name: 'Create mode' }));
    await waitFor(() => expect(done).toBe(true));
    expect(sent).toEqual([
      {
        slug: 'docs-writer',
        name: 'Docs Writer',
        roleDefinition: 'You write docs.',
        whenToUse: '',
        customInstructions: '',
        groups: ['read', ['edit', { fileRegex: '\\.md$' }]],
      },
    ]);
  });

  it('imports a pasted .roomodes and announces what was kept and left out', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(`/api/v1/workspaces/${WS}/modes/import`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({
          created: ['docs-writer'],
          updated: [],
          skipped: [{ slug: 'code', reason: 'a built-in mode has this slug' }],
          warnings: ['mode "docs-writer": group "browser" no longer exists in Roo Code and was left out'],
        });
      }),
    );
    renderWithProviders(<ImportForm ws={WS} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Import' }));
    expect(screen.getByText('Paste a .roomodes file or choose one.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Or paste it'), 'customModes: [[]');
    await user.click(screen.getByRole('checkbox', { name: /Replace custom modes/ }));
    await user.click(screen.getByRole('button', { name: 'Import' }));
    const status = await screen.findByRole('status');
    await waitFor(() => expect(status).toHaveTextContent('Created: docs-writer; replaced: none.'));
    expect(status).toHaveTextContent('Skipped code: a built-in mode has this slug');
    expect(status).toHaveTextContent('group "browser" no longer exists');
    expect(bodies).toEqual([{ content: 'customModes: []', overwrite: true }]);
  });
});
