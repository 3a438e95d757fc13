import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { GitLinkView as GitLink, TaskGitView as TaskGit } from '@/lib/api/generated/openapi';
import { renderWithProviders } from '@/test/render';
import { server } from '@/test/server';
import { TaskGitPanel } from './task-git-panel';

const link: GitLink = {
  workspaceId: 'w1',
  url: 'https://github.com/acme/app.git',
  authKind: 'token',
  username: 'x-access-token',
  secretHint: '…cdef',
  defaultBranch: 'main',
  forge: 'github',
  forgeApiUrl: null,
  autoPush: false,
  autoPullRequest: false,
  importedBranch: 'main',
  importedCommit: 'a'.repeat(40),
  importedAt: '2026-01-01T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
};
const row: TaskGit = {
  taskId: 't1',
  branch: 'roo/t1-fix',
  baseBranch: 'main',
  baseCommit: 'a'.repeat(40),
  headCommit: 'b'.repeat(40),
  commits: [{ sha: 'b'.repeat(40), subject: 'Fix the bug', at: '2026-01-01T00:00:00.000Z', filesChanged: 1 }],
  prUrl: 'https://github.com/acme/app/pull/7',
  prNumber: 7,
  lastError: null,
  url: link.url,
};

describe('TaskGitPanel', () => {
  it('shows the branch, its commits, the PR link and the diff', async () => {
    server.use(
      http.get('/api/v1/workspaces/w1/git', () => HttpResponse.json(link)),
      http.get('/api/v1/tasks/t1/git', () => HttpResponse.json(row)),
      http.get('/api/v1/tasks/t1/git/diff', () =>
        HttpResponse.json({
          base: row.baseCommit,
          head: row.headCommit,
          files: [{ status: 'A', path: 'src/new.js' }],
          patch:
            'diff --git a/src/new.js b/src/new.js\nnew file mode 100644\n--- /dev/null\n+++ b/src/new.js\n@@ -0,0 +1 @@\n+export {};\n',
          truncated: false,
        }),
      ),
    );
    const user = userEvent.setup();
    renderWithProviders(<TaskGitPanel taskId="t1" workspaceId="w1" canAct running={false} />);
    await user.click(await screen.findByText('Git'));
    expect(await screen.findByText('roo/t1-fix')).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Commits' })).toHaveTextContent('Fix the bug');
    const pr = screen.getByRole('link', { name: /Pull request #7/ });
    expect(pr).toHaveAttribute('href', 'https://github.com/acme/app/pull/7');
    expect(screen.queryByRole('button', { name: 'Open pull request' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show diff' }));
    expect(await screen.findByLabelText('Changes to src/new.js')).toHaveTextContent('export {};');
  });

  it('commits and pushes with the given message; a PR link that is not http(s) is not a link', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.get('/api/v1/workspaces/w1/git', () => HttpResponse.json(link)),
      http.get('/api/v1/tasks/t1/git', () => HttpResponse.json({ message: 'no branch' }, { status: 404 })),
      http.post('/api/v1/tasks/t1/git/commit', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ ...row, prUrl: 'javascript:alert(1)' });
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<TaskGitPanel taskId="t1" workspaceId="w1" canAct running={false} />);
    await user.click(await screen.findByText('Git'));
    expect(await screen.findByText(/No branch yet/)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/Commit message/), 'Fix it');
    await user.click(screen.getByRole('button', { name: 'Commit and push' }));
    await waitFor(() => expect(bodies).toEqual([{ message: 'Fix it', pullRequest: true }]));
    expect(await screen.findByText('roo/t1-fix')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Pull request/ })).toBeNull();
    expect(screen.getByText('javascript:alert(1)').tagName).toBe('CODE');
  });

  it('says so when the workspace is not linked; viewers get no commit form', async () => {
    server.use(http.get('/api/v1/workspaces/w1/git', () => HttpResponse.json({}, { status: 404 })));
    const user = userEvent.setup();
    renderWithProviders(<TaskGitPanel taskId="t1" workspaceId="w1" canAct={false} running={false} />);
    await user.click(await screen.findByText('Git'));
    expect(await screen.findByText(/not linked to a git remote/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Commit and push' })).toBeNull();
  });
});
