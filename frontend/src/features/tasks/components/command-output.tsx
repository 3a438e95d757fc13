import { SquareTerminal } from 'lucide-react';
import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';
import { toolResult } from '../lib/messages';

/** The sandbox's marker where it cut the middle of a long output (backend sandbox/output-cap.ts). */
const OMITTED = /\n?\[\.\.\. (\d+) bytes of output omitted \.\.\.\]\n?/;
/** Streamed output shown at most (the end of it): the full, capped output arrives with the message. */
export const STREAM_SHOWN_CHARS = 64 * 1024;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The command line of a `command` ask or `command_output` say. */
export function commandOf(m: TaskMessage): string {
  const call = m.meta?.toolCall as { input?: { command?: unknown } } | undefined;
  return str(m.meta?.command) ?? str(call?.input?.command) ?? (m.type === 'ask' ? (m.text ?? '') : '');
}

/**
 * The command still running, if any: an execute_command call of the model's last turn that has no
 * result yet. A partial streamed while it runs is that command's output, not model text.
 */
export function openCommand(messages: readonly TaskMessage[]): string | null {
  let i = messages.length - 1;
  while (i >= 0 && messages[i]?.say !== 'api_req_started') i--;
  if (i < 0) return null;
  const calls = messages[i]?.meta?.toolCalls;
  if (!Array.isArray(calls)) return null;
  const answered = new Set(
    messages.slice(i + 1).map((m) => (m.meta?.toolResult as { id?: unknown } | undefined)?.id),
  );
  for (const c of calls as { id?: unknown; name?: unknown; input?: { command?: unknown } }[]) {
    if (c.name === 'execute_command' && !answered.has(c.id)) return str(c.input?.command) ?? '';
  }
  return null;
}

/** Output with the sandbox's truncation marker shown as a visible note, not as output. */
function Output({ text, label }: { text: string; label: string }) {
  const cut = OMITTED.exec(text);
  return (
    <pre className="msg-pre cmd-output" role="region" aria-label={label} tabIndex={0}>
      {cut ? (
        <>
          {text.slice(0, cut.index)}
          {'\n'}
          <span className="cmd-truncated" data-testid="output-truncated">
            [… {Number(cut[1]).toLocaleString()} bytes of output omitted …]
          </span>
          {'\n'}
          {text.slice(cut.index + cut[0].length)}
        </>
      ) : (
        text
      )}
    </pre>
  );
}

function CommandLine({ command }: { command: string }) {
  return (
    <p className="cmd-line">
      <SquareTerminal aria-hidden="true" size={18} />
      <span className="visually-hidden">Command: </span>
      <code className="cmd-text">{command}</code>
    </p>
  );
}

/** A finished command: its line, exit code and (capped) output. */
export function CommandOutput({ message }: { message: TaskMessage }) {
  const command = commandOf(message);
  const exit = message.meta?.exitCode;
  const result = toolResult(message);
  const ran = typeof exit === 'number' || exit === null;
  const output = message.text ?? '';
  const notes = result?.content
    .split('\n')
    .filter((l) => /^The (command was|output was)/.test(l) || /^Conflict on /.test(l));
  return (
    <div className="cmd">
      <CommandLine command={command} />
      {ran ? (
        <p className={exit === 0 ? 'cmd-exit cmd-exit-ok' : 'cmd-exit cmd-exit-fail'}>
          {exit === null ? 'Stopped (no exit code)' : `Exit code ${String(exit)}`}
        </p>
      ) : (
        result && <p className="msg-error">{result.content}</p>
      )}
      {ran && notes && notes.length > 0 && (
        <ul className="cmd-notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {/* An imported Roo history has the output without an exit code: show it all the same. */}
      {output ? (
        <Output text={output} label={`Output of ${command}`} />
      ) : (
        ran && <p className="muted">No output.</p>
      )}
    </div>
  );
}

/** Output streaming while the command runs (the task:partial of its coming message). */
export function CommandOutputStream({ command, text }: { command: string; text: string }) {
  const shown = text.length > STREAM_SHOWN_CHARS ? text.slice(-STREAM_SHOWN_CHARS) : text;
  return (
    <div className="cmd cmd-running">
      <CommandLine command={command} />
      <p className="muted">Running…</p>
      {shown.length < text.length && (
        <p className="cmd-truncated">
          Showing the last {STREAM_SHOWN_CHARS.toLocaleString()} characters while it runs.
        </p>
      )}
      <Output text={shown} label={`Live output of ${command}`} />
    </div>
  );
}

/** A `command` ask already answered, as history. */
export function CommandAskRecord({ message }: { message: TaskMessage }) {
  return (
    <div className="cmd">
      <p className="msg-kind">Asked to run a command</p>
      <CommandLine command={commandOf(message)} />
    </div>
  );
}

/** The command of a pending `command` ask, for the approval box. */
export function PendingCommand({ message }: { message: TaskMessage }) {
  return <CommandLine command={commandOf(message)} />;
}
