import { ExternalLink, GitBranch } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { ErrorState, InlineError, Loading } from '@/components/states';
import type { GitLinkView as GitLink, TaskGitView as TaskGit } from '@/lib/api/generated/openapi';
import { formatDate } from '@/lib/format';
import { useCommitTask, useGitLink, useOpenPullRequest, useTaskGit, useTaskGitDiff } from './api';
import { PatchView } from './patch-view';

/** Only http(s) links from the server are made clickable (the PR URL comes from the forge). */
const safeHref = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : undefined);

/**
 * A task's git side, when its workspace is linked to a remote: the branch, its commits, the diff
 * against the base and the pull request link; members may commit and push (and open the PR) once
 * the task has stopped. Loaded when opened.
 */
export function TaskGitPanel({
  taskId,
  workspaceId,
  canAct,
  running,
}: {
  taskId: string;
  workspaceId: string;
  canAct: boolean;
  running: boolean;
}) {
  const [open, setOpen] = useState(false);
  const link = useGitLink(workspaceId, open);
  const row = useTaskGit(taskId, open && Boolean(link.data));

  let body;
  if (!open) body = null;
  else if (link.isPending || (link.data && row.isPending)) body = <Loading label="Loading git status…" />;
  else if (link.isError) body = <ErrorState error={link.error} onRetry={() => void link.refetch()} />;
  else if (!link.data)
    body = <p className="muted">This workspace is not linked to a git remote (workspace settings).</p>;
  else if (row.isError) body = <ErrorState error={row.error} onRetry={() => void row.refetch()} />;
  else
    body = (
      <GitStatus taskId={taskId} link={link.data} row={row.data ?? null} canAct={canAct} running={running} />
    );

  return (
    <details
      className="task-git"
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>Git</summary>
      {body}
    </details>
  );
}

function GitStatus({
  taskId,
  link,
  row,
  canAct,
  running,
}: {
  taskId: string;
  link: GitLink;
  row: TaskGit | null;
  canAct: boolean;
  running: boolean;
}) {
  const commit = useCommitTask(taskId);
  const pr = useOpenPullRequest(taskId);
  const [showDiff, setShowDiff] = useState(false);
  const [message, setMessage] = useState('');
  const diff = useTaskGitDiff(taskId, row?.headCommit ?? null, showDiff && Boolean(row?.headCommit));
  const canCommit = canAct && !running && Boolean(link.importedCommit);
  const prHref = safeHref(row?.prUrl ?? null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    commit.mutate({
      ...(message.trim() ? { message: message.trim() } : {}),
      pullRequest: link.forge !== 'none',
    });
  };

  return (
    <div className="git-status">
      {row ? (
        <p className="row wrap">
          <GitBranch aria-hidden="true" size={18} />
          <span>
            Branch <code>{row.branch}</code> from <code>{row.baseBranch}</code>
          </span>
        </p>
      ) : (
        <p className="muted">
          No branch yet.{' '}
          {link.importedCommit
            ? 'Committing creates one and pushes it.'
            : 'Import a branch into the workspace first (workspace settings).'}
        </p>
      )}
      {row?.lastError && <p className="msg-error">Git: {row.lastError}</p>}
      {row && row.commits.length > 0 && (
        <ol className="git-commits" aria-label="Commits">
          {row.commits.map((c) => (
            <li key={c.sha}>
              <code>{c.sha.slice(0, 10)}</code> {c.subject}{' '}
              <span className="muted">
                {formatDate(c.at)} · {c.filesChanged} file{c.filesChanged === 1 ? '' : 's'}
              </span>
            </li>
          ))}
        </ol>
      )}
      {row?.prUrl && (
        <p>
          {prHref ? (
            <a href={prHref} target="_blank" rel="noreferrer noopener">
              {link.forge === 'gitlab' ? 'Merge request' : 'Pull request'}
              {row.prNumber !== null ? ` #${row.prNumber}` : ''}
              <ExternalLink aria-hidden="true" size={14} />
            </a>
          ) : (
            <code>{row.prUrl}</code>
          )}
        </p>
      )}
      <div className="row wrap">
        {row?.headCommit && (
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={showDiff}
            onClick={() => setShowDiff(!showDiff)}
          >
            {showDiff ? 'Hide diff' : 'Show diff'}
          </button>
        )}
        {canAct && row?.headCommit && !row.prUrl && link.forge !== 'none' && (
          <button
            type="button"
            className="btn btn-small"
            disabled={pr.isPending || running}
            onClick={() => pr.mutate()}
          >
            Open pull request
          </button>
        )}
      </div>
      {canCommit && (
        <form className="form git-commit-form" onSubmit={submit}>
          <label htmlFor={`commit-${taskId}`}>Commit message (default: the agent&apos;s result)</label>
          <textarea
            id={`commit-${taskId}`}
            rows={2}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
          <button type="submit" className="btn btn-primary" disabled={commit.isPending}>
            {commit.isPending ? 'Pushing…' : 'Commit and push'}
          </button>
        </form>
      )}
      {canAct && running && <p className="muted">Commit once the task has stopped.</p>}
      <InlineError error={commit.error ?? pr.error} />
      {showDiff &&
        (diff.isPending ? (
          <Loading label="Loading diff…" />
        ) : diff.isError ? (
          <ErrorState error={diff.error} onRetry={() => void diff.refetch()} />
        ) : (
          <PatchView
            patch={diff.data.patch}
            files={diff.data.files}
            truncated={diff.data.truncated}
            label="Changes on the branch"
          />
        ))}
    </div>
  );
}
