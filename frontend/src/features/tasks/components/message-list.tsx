import type { TaskMessage } from '@/lib/api/types';
import { formatCost, formatNumber } from '@/lib/format';
import type { Partials } from '../hooks/use-task-stream';
import { followup, parseJson, toolInfo, toolResult, type ToolInfo } from '../lib/messages';
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
  return (
    <>
      <ol className="messages" aria-label="Task messages">
        {messages.map((m) => (
          <li key={m.seq} className={`msg msg-${m.type} msg-${m.say ?? m.ask ?? 'other'}`} data-seq={m.seq}>
            <MessageItem message={m} />
          </li>
        ))}
      </ol>
      <div aria-live="polite" aria-atomic="false" className="streaming" aria-label="Streaming answer">
        {streaming.map(([seq, text]) => (
          <p key={seq} className="msg-text msg-partial" data-seq={seq}>
            {text}
            <span className="cursor" aria-hidden="true" />
          </p>
        ))}
      </div>
    </>
  );
}

export function MessageItem({ message: m }: { message: TaskMessage }) {
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
        return <p className="msg-text">{m.text}</p>;
      case 'user_feedback': {
        const response = m.meta?.response;
        const verdict = response === 'approve' ? 'Approved' : response === 'deny' ? 'Denied' : null;
        return (
          <p className="msg-user">
            <span className="visually-hidden">You: </span>
            {verdict && <strong>{verdict}</strong>}
            {verdict && m.text ? ' — ' : null}
            {m.text}
          </p>
        );
      }
      case 'reasoning':
        return (
          <details className="msg-details">
            <summary>Reasoning</summary>
            <p className="msg-text">{m.text}</p>
          </details>
        );
      case 'error':
        return <p className="msg-error">Error: {m.text}</p>;
      case 'completion_result':
        return (
          <div className="msg-completion">
            <p className="msg-kind">Result</p>
            <p className="msg-text">{m.text}</p>
          </div>
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
        return <ToolDetails message={m} />;
      default:
        return m.text ? <p className="msg-text">{m.text}</p> : null;
    }
  }
  // Asks that are no longer pending are shown as history.
  if (kind === 'followup') return <p className="msg-question">Question: {followup(m).question}</p>;
  if (kind === 'tool') return <ToolDetails message={m} approval />;
  if (kind === 'completion_result') return m.text ? <p className="msg-text">{m.text}</p> : null;
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

function ToolDetails({ message, approval = false }: { message: TaskMessage; approval?: boolean }) {
  const info = toolInfo(message);
  const result = toolResult(message);
  if (result && !info) {
    return (
      <details className="msg-details">
        <summary>{result.isError ? 'Tool error' : 'Tool result'}</summary>
        <pre className="msg-pre">{result.content}</pre>
      </details>
    );
  }
  if (!info) {
    return (
      <details className="msg-details">
        <summary>Tool {approval ? 'request' : 'call'}</summary>
        <pre className="msg-pre">{message.text}</pre>
      </details>
    );
  }
  const hasDiff = hasChanges(info);
  return (
    <details className="msg-details">
      <summary>
        {approval ? 'Asked to ' : ''}
        {toolLabel(info.tool)}
        {info.path && <code className="msg-path">{info.path}</code>}
      </summary>
      {hasDiff ? (
        <DiffView diff={info.diff} content={info.content} label={`Changes to ${info.path ?? 'file'}`} />
      ) : (
        <pre className="msg-pre">{info.content ?? JSON.stringify(info.raw, null, 2)}</pre>
      )}
      {result && (
        <pre className={result.isError ? 'msg-pre msg-error' : 'msg-pre'}>
          {result.isError ? 'Error: ' : 'Result: '}
          {result.content}
        </pre>
      )}
      {message.text && !parseJson(message.text) && <p className="msg-text">{message.text}</p>}
    </details>
  );
}
