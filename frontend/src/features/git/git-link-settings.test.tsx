import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { GitLinkView as GitLink } from '@/lib/api/generated/openapi';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { GitLinkSettings } from './git-link-settings';

const TOKEN = 'ghp_SecretToken0123456789';
const linked: GitLink = {
  workspaceId: 'w1',
  url: 'https://github.com/acme/app.git',
  authKind: 'token',
  username: 'x-access-token',
  secretHint: '…6789',
  defaultBranch: 'main',
  forge: 'github',
  forgeApiUrl: null,
  autoPush: true,
  autoPullRequest: true,
  importedBranch: null,
  importedCommit: null,
  importedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('GitLinkSettings', () => {
  it('an admin links with a token; the linked state shows the hint, never the token', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.get('/api/v1/workspaces/w1/git', () => HttpResponse.json({}, { status: 404 })),
      http.put('/api/v1/workspaces/w1/git', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(linked);
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<GitLinkSettings ws="w1" memberRole="admin" />);
    expect(await screen.findByText('Not linked to a git remote.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Repository URL'), linked.url);
    const token = screen.getByLabelText('Token');
    expect(token).toHaveAttribute('type', 'password');
    await user.type(token, TOKEN);
    await user.click(screen.getByLabelText(/Commit and push/));
    await user.click(screen.getByLabelText('Then open a pull request'));
    await user.click(screen.getByRole('button', { name: 'Link' }));
    await waitFor(() =>
      expect(bodies).toEqual([{ url: linked.url, token: TOKEN, autoPush: true, autoPullRequest: true }]),
    );
    expect(await screen.findByLabelText('Linked remote')).toHaveTextContent('…6789');
    expect(screen.getByLabelText('Linked remote')).toHaveTextContent(
      'commit and push its branch, open a pull request',
    );
    expect(document.body.innerHTML).not.toContain(TOKEN);
    expect(screen.queryByLabelText('Token')).toBeNull();
  });

  it('switches to a deploy key for ssh remotes', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.get('/api/v1/workspaces/w1/git', () => HttpResponse.json({}, { status: 404 })),
      http.put('/api/v1/workspaces/w1/git', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ ...linked, authKind: 'ssh_key', secretHint: 'ssh key' });
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<GitLinkSettings ws="w1" memberRole="owner" />);
    await user.type(await screen.findByLabelText('Repository URL'), 'git@github.com:acme/app.git');
    await user.click(screen.getByLabelText('Deploy key (SSH)'));
    expect(screen.queryByLabelText('Token')).toBeNull();
    await user.type(screen.getByLabelText('Private key'), '-----BEGIN OPENSSH PRIVATE KEY-----');
    await user.click(screen.getByRole('button', { name: 'Link' }));
    await waitFor(() =>
      expect(bodies).toEqual([
        {
          url: 'git@github.com:acme/app.git',
          sshPrivateKey: '-----BEGIN OPENSSH PRIVATE KEY-----',
          autoPush: false,
          autoPullRequest: false,
        },
      ]),
    );
    expect(await screen.findByLabelText('Linked remote')).toHaveTextContent('Deploy key (SSH)');
  });

  it('a member sees the linked state and imports a branch, but gets no link form', async () => {
    let imported: unknown = null;
    server.use(
      http.get('/api/v1/workspaces/w1/git', () => HttpResponse.json(linked)),
      http.post('/api/v1/workspaces/w1/git/import', async ({ request }) => {
        imported = await request.json();
        return HttpResponse.json({
          branch: 'dev',
          commit: 'c'.repeat(40),
          written: ['a.txt', 'b.txt'],
          deleted: [],
          unchanged: 3,
          conflicts: ['notes.md'],
          skipped: [],
        });
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<GitLinkSettings ws="w1" memberRole="member" />);
    expect(await screen.findByLabelText('Linked remote')).toHaveTextContent(linked.url);
    expect(screen.queryByRole('form', { name: 'Link to a git remote' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Change link' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Unlink' })).toBeNull();
    await user.type(screen.getByLabelText('Branch to import'), 'dev');
    await user.click(screen.getByRole('button', { name: 'Import branch' }));
    await waitFor(() => expect(imported).toEqual({ branch: 'dev' }));
    expect(await screen.findByText(/2 written, 0 deleted, 3 unchanged/)).toBeInTheDocument();
    expect(screen.getByText(/Kept \(changed in the workspace\): notes.md/)).toBeInTheDocument();
  });

  it('a viewer sees the linked state only', async () => {
    server.use(http.get('/api/v1/workspaces/w1/git', () => HttpResponse.json(linked)));
    renderWithProviders(<GitLinkSettings ws="w1" memberRole="viewer" />);
    expect(await screen.findByLabelText('Linked remote')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Import branch' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Change link' })).toBeNull();
  });
});
