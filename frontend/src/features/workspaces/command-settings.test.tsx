import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { CommandSettingsEditor, parsePrefixes } from './command-settings';

describe('CommandSettingsEditor', () => {
  it('parses one prefix a line, trimmed, without blanks or duplicates', () => {
    expect(parsePrefixes(' npm test \n\nnpm test\ngit status\n  ')).toEqual(['npm test', 'git status']);
  });

  it('an admin edits the allow and deny lists and the network; the saved lists come back', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.get('/api/v1/workspaces/w1/command-settings', () =>
        HttpResponse.json({ allowedCommands: ['npm test'], deniedCommands: [], egress: 'none' }),
      ),
      http.put('/api/v1/workspaces/w1/command-settings', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        return HttpResponse.json(body);
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<CommandSettingsEditor ws="w1" canEdit />);
    const allowed = await screen.findByLabelText('Allowed command prefixes');
    expect(allowed).toHaveValue('npm test');
    await user.type(allowed, '\ngit status\n');
    await user.type(screen.getByLabelText('Denied command prefixes'), 'rm\ncurl');
    await user.selectOptions(screen.getByLabelText('Network for commands'), 'open');
    await user.click(screen.getByRole('button', { name: 'Save command settings' }));
    await waitFor(() =>
      expect(bodies).toEqual([
        { allowedCommands: ['npm test', 'git status'], deniedCommands: ['rm', 'curl'], egress: 'open' },
      ]),
    );
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
  });

  it('others read the settings but cannot change them', async () => {
    server.use(
      http.get('/api/v1/workspaces/w1/command-settings', () =>
        HttpResponse.json({ allowedCommands: ['*'], deniedCommands: ['rm'], egress: 'none' }),
      ),
    );
    renderWithProviders(<CommandSettingsEditor ws="w1" canEdit={false} />);
    expect(await screen.findByLabelText('Denied command prefixes')).toHaveValue('rm');
    expect(screen.getByLabelText('Allowed command prefixes')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save command settings' })).toBeNull();
    expect(screen.getByLabelText('Allowed command prefixes').closest('fieldset')).toHaveAccessibleDescription(
      'Only admins and owners can change the command settings.',
    );
  });
});
