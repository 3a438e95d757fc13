import { ChevronRight } from 'lucide-react';
import { useMemo, type ReactNode } from 'react';
import { Markdown } from '@/components/markdown/markdown';
import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';
import { formatCost, formatNumber } from '@/lib/format';
import { lineDiff } from '@/lib/line-diff';
import type { Partials } from '../hooks/use-task-stream';
import {
  contentsBefore,
  decisions,
  followup,
  isTruncated,
  parseJson,
  toolInfo,
  toolOutcome,
  toolResult,
  type ToolInfo,
  type ToolOutcome,
} from '../lib/messages';
import { CheckpointSaved } from './checkpoint-saved';
import { CommandAskRecord, CommandOutput, CommandOutputStream, openCommand } from './command-output';
import { DiffView } from './diff-view';

const TOOL_LABELS: Record<string, string> = {
  read_file: 'Read file',
  write_to_file: 'Write file',
  apply_diff: 'Apply diff',
  insert_content: 'Insert content',
  search_and_replace: 'Search and replace',
  list_files: 'List files',
  search_files: 'Search files',
  list_code_definition_names: 'List code definitions',
  ask_followup_question: 'Question',
  attempt_completion: 'Completion',
  update_todo_list: 'Update todo list',
  switch_mode: 'Switch mode',
  new_task: 'New subtask',
  execute_command: 'Run command',
  readFile: 'Read file',
  listFilesTopLevel: 'List files',
  listFilesRecursive: 'List files',
  searchFiles: 'Search files',
  editedExistingFile: 'Edit file',
  appliedDiff: 'Apply diff',
  newFileCreated: 'Create file',
  updateTodoList: 'Update todo list',
  switchMode: 'Switch mode',
  newTask: 'New subtask',
};

/** Roo's condense_context row: the summary that replaced the conversation, tokens before → after, its cost. */
function CondenseRow({ message: m }: { message: TaskMessage }) {
  const c = m.meta?.contextCondense as
    { prevContextTokens?: number; newContextTokens?: number; cost?: number; summary?: string } | undefined;
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const before = num(c?.prevContextTokens);
  const after = num(c?.newContextTokens);
  const cost = num(c?.cost);
  return (
    <Disclosure
      summary={
        <>
          Context condensed
          {before !== null && after !== null && ` · ${formatNumber(before)} → ${formatNumber(after)} tokens`}
          {cost !== null && ` · ${formatCost(cost)}`}
        </>
      }
    >
      <Markdown className="msg-md" text={c?.summary ?? m.text ?? ''} />
    </Disclosure>
  );
}

export function toolLabel(tool: string): string {
  return TOOL_LABELS[tool] ?? tool.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
}

/** The task's history; streamed text not yet persisted is shown last, in a polite live region. */
export function MessageList({
  messages,
  partials,
}: {
  messages: readonly TaskMessage[];
  partials?: Partials;
}) {
  const streaming = [...(partials ?? new Map<number, string>()).entries()].filter(
    ([seq]) => !messages.some((m) => m.seq === seq && !m.partial),
  );
  const history = useMemo(
    () => ({ decided: decisions(messages), before: contentsBefore(messages) }),
    [messages],
  );
  // While a command runs, the streamed partial is its output.
  const command = useMemo(() => openCommand(messages), [messages]);
  return (
    <>
      <ol className="messages" aria-label="Task messages">
        {messages.map((m) => (
          <li key={m.seq} className={`msg msg-${m.type} msg-${m.say ?? m.ask ?? 'other'}`} data-seq={m.seq}>
            <MessageItem message={m} history={history} />
          </li>
        ))}
      </ol>
      <div aria-live="polite" aria-atomic="false" className="streaming" aria-label="Streaming answer">
        {streaming.map(([seq, text]) =>
          command !== null ? (
            <div key={seq} className="msg-partial" data-seq={seq}>
              <CommandOutputStream command={command} text={text} />
            </div>
          ) : (
            <div key={seq} className="msg-partial" data-seq={seq}>
              <Markdown text={text} streaming />
              <span className="cursor" aria-hidden="true" />
            </div>
          ),
        )}
      </div>
    </>
  );
}

/** What the rest of the history tells about a message: decisions on tool calls, file contents before writes. */
export interface HistoryContext {
  decided: ReadonlyMap<string, string>;
  before: ReadonlyMap<number, string>;
}

const NO_HISTORY: HistoryContext = { decided: new Map(), before: new Map() };

/** A collapsible row whose disclosure arrow stays visible (the summary is a flex row, which hides the marker). */
function Disclosure({
  summary,
  children,
  open,
  className,
}: {
  summary: ReactNode;
  children: ReactNode;
  open?: boolean;
  className?: string;
}) {
  return (
    <details className={className ? `msg-details ${className}` : 'msg-details'} open={open}>
      <summary>
        <ChevronRight className="disclosure-icon" aria-hidden="true" size={18} />
        {summary}
      </summary>
      {children}
    </details>
  );
}

export function MessageItem({
  message: m,
  history = NO_HISTORY,
}: {
  message: TaskMessage;
  history?: HistoryContext;
}) {
  const kind = m.type === 'say' ? m.say : m.ask;
  if (m.type === 'say') {
    switch (kind) {
      case 'text':
        if (m.meta?.role === 'user') {
          return (
            <p className="msg-user">
              <span className="visually-hidden">You: </span>
              {m.text}
            </p>
          );
        }
        return <Markdown className="msg-text msg-md" text={m.text ?? ''} />;
      case 'user_feedback': {
        const response = m.meta?.response;
        const verdict = response === 'approve' ? 'Approved' : response === 'deny' ? 'Denied' : null;
        return (
          <p className="msg-user">
            <span className="visually-hidden">You: </span>
            {verdict && <strong>{verdict}</strong>}
            {verdict && m.text ? ' — ' : null}
            {m.text}
            {response === 'message' && <span className="muted"> (sent while the agent worked)</span>}
          </p>
        );
      }
      case 'reasoning':
        return (
          <Disclosure summary="Reasoning">
            <Markdown className="msg-md" text={m.text ?? ''} />
          </Disclosure>
        );
      case 'error':
        return <p className="msg-error">Error: {m.text}</p>;
      case 'completion_result':
        return (
          <div className="msg-completion">
            <p className="msg-kind">Result</p>
            <Markdown className="msg-md" text={m.text ?? ''} />
          </div>
        );
      case 'condense_context':
        return <CondenseRow message={m} />;
      case 'sliding_window_truncation': {
        const t = m.meta?.contextTruncation as
          { prevContextTokens?: number; newContextTokens?: number } | undefined;
        return (
          <p className="msg-meta msg-context">
            Older turns dropped to fit the context window
            {typeof t?.prevContextTokens === 'number' &&
              typeof t?.newContextTokens === 'number' &&
              ` · ${formatNumber(t.prevContextTokens)} → ${formatNumber(t.newContextTokens)} tokens`}
          </p>
        );
      }
      case 'condense_context_error':
        return <p className="msg-error">{m.text}</p>;
      case 'subtask_result': {
        const sub = m.meta?.subtask as { mode?: string; status?: string } | undefined;
        return (
          <div className="msg-completion msg-subtask-result">
            <p className="msg-kind">
              Subtask result{sub?.mode ? ` (${sub.mode} mode)` : ''}
              {sub?.status && sub.status !== 'completed' ? ` · ${sub.status}` : ''}
            </p>
            <Markdown className="msg-md" text={m.text ?? ''} />
          </div>
        );
      }
      case 'user_edit_todos':
        return (
          <Disclosure summary="You edited the todo list">
            <pre className="msg-pre">{m.text}</pre>
          </Disclosure>
        );
      case 'api_req_started': {
        const info = parseJson(m.text);
        const tokensIn = typeof info?.tokensIn === 'number' ? info.tokensIn : null;
        const tokensOut = typeof info?.tokensOut === 'number' ? info.tokensOut : null;
        const cost = typeof info?.cost === 'number' ? info.cost : null;
        return (
          <p className="msg-meta">
            Model request
            {tokensIn !== null && ` · ${formatNumber(tokensIn)} in`}
            {tokensOut !== null && ` · ${formatNumber(tokensOut)} out`}
            {cost !== null && ` · ${formatCost(cost)}`}
          </p>
        );
      }
      case 'tool':
        return <ToolDetails message={m} history={history} />;
      case 'command_output':
        return <CommandOutput message={m} />;
      case 'checkpoint_saved':
        return <CheckpointSaved message={m} />;
      default:
        return m.text ? <p className="msg-text">{m.text}</p> : null;
    }
  }
  // Asks that are no longer pending are shown as history.
  if (kind === 'followup')
    return (
      <div className="msg-question">
        <p className="msg-kind">Question</p>
        <Markdown className="msg-md" text={followup(m).question} />
      </div>
    );
  if (kind === 'tool') return <ToolDetails message={m} history={history} approval />;
  if (kind === 'command') return <CommandAskRecord message={m} />;
  if (kind === 'completion_result') return m.text ? <Markdown className="msg-md" text={m.text} /> : null;
  return m.text ? <p className="msg-meta">{m.text}</p> : null;
}

/** True when the tool writes a file and the message has its diff or new content. */
export function hasChanges(info: ToolInfo): boolean {
  return (
    info.diff !== undefined ||
    (info.content !== undefined &&
      ['newFileCreated', 'write_to_file', 'editedExistingFile'].includes(info.tool))
  );
}

const OUTCOME_LABEL: Partial<Record<ToolOutcome, string>> = {
  denied: 'Denied',
  failed: 'Failed',
};

function ToolDetails({
  message,
  history,
  approval = false,
}: {
  message: TaskMessage;
  history: HistoryContext;
  approval?: boolean;
}) {
  const info = toolInfo(message);
  const result = toolResult(message);
  if (result && !info) {
    return (
      <Disclosure summary={result.isError ? 'Tool error' : 'Tool result'}>
        <pre className="msg-pre">{result.content}</pre>
      </Disclosure>
    );
  }
  if (!info) {
    return (
      <Disclosure summary={`Tool ${approval ? 'request' : 'call'}`}>
        <pre className="msg-pre">{message.text}</pre>
      </Disclosure>
    );
  }
  const outcome = approval ? null : toolOutcome(message, history.decided);
  const verdict = outcome ? OUTCOME_LABEL[outcome] : undefined;
  const notApplied = outcome === 'denied' || outcome === 'failed';
  // An approval request carries the call (write_to_file) in meta and the server's view in text.
  const edited = info.tool === 'editedExistingFile' || parseJson(message.text)?.tool === 'editedExistingFile';
  return (
    <Disclosure
      className={verdict ? `msg-${outcome}` : undefined}
      summary={
        <>
          {verdict && <strong className="msg-verdict">{verdict}:</strong>}{' '}
          <span>
            {approval ? 'Asked to ' : ''}
            {toolLabel(info.tool)}
          </span>{' '}
          {info.path && <code className="msg-path">{info.path}</code>}{' '}
          {notApplied && hasChanges(info) && <span className="muted">(not applied)</span>}
        </>
      }
    >
      {hasChanges(info) ? (
        <Changes
          info={info}
          edited={edited}
          before={history.before.get(message.seq)}
          proposed={notApplied || approval}
        />
      ) : (
        <pre className="msg-pre">{info.content ?? JSON.stringify(info.raw, null, 2)}</pre>
      )}
      {result && (
        <pre className={result.isError ? 'msg-pre msg-error' : 'msg-pre'}>
          {result.isError ? (outcome === 'denied' ? '' : 'Error: ') : 'Result: '}
          {result.content}
        </pre>
      )}
      {message.text && !parseJson(message.text) && <p className="msg-text">{message.text}</p>}
    </Disclosure>
  );
}

/**
 * A write's change. A whole-file rewrite of an existing file is diffed against the content the history
 * shows for it before; without that, the new content is shown as such rather than as "all added".
 */
function Changes({
  info,
  edited,
  before,
  proposed,
}: {
  info: ToolInfo;
  edited: boolean;
  before?: string;
  proposed: boolean;
}) {
  const file = info.path ?? 'file';
  const label = `${proposed ? 'Proposed changes' : 'Changes'} to ${file}`;
  if (isTruncated(info)) {
    const size = typeof info.raw.size === 'number' ? ` (${formatNumber(info.raw.size)} bytes)` : '';
    return (
      <>
        <p className="muted msg-note">
          A large change to {file}
          {size}: only its beginning is kept in the history.
        </p>
        <pre className="msg-pre" role="region" aria-label={`Beginning of the change to ${file}`} tabIndex={0}>
          {info.content ?? info.diff}
        </pre>
      </>
    );
  }
  const rewrite = info.tool === 'editedExistingFile' || info.tool === 'write_to_file';
  if (rewrite && info.diff === undefined && info.content !== undefined) {
    if (before !== undefined) return <DiffView lines={lineDiff(before, info.content)} label={label} />;
    if (edited) {
      return (
        <>
          <p className="muted msg-note">
            The previous version of {file} is not in this task&apos;s history, so the change cannot be shown
            line by line. New content:
          </p>
          <pre className="msg-pre" role="region" aria-label={`New content of ${file}`} tabIndex={0}>
            {info.content}
          </pre>
        </>
      );
    }
  }
  return <DiffView diff={info.diff} content={info.content} label={label} />;
}
