import { Check, X } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { lineDiff } from '@/lib/line-diff';
import { Markdown } from '@/components/markdown/markdown';
import { InlineError } from '@/components/states';
import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';
import { useFileBefore, useRespond } from '../api';
import { followup, toolInfo } from '../lib/messages';
import { McpAskDetails } from '@/features/mcp/mcp-ask';
import { PendingCommand } from './command-output';
import { DiffView } from './diff-view';
import { hasChanges, toolLabel } from './message-list';

/** The question or approval the task is waiting for, with its answer / approve / deny controls. */
interface PendingAskProps {
  taskId: string;
  workspaceId: string;
  ask: TaskMessage;
  canRespond: boolean;
}

export function PendingAsk({ taskId, workspaceId, ask, canRespond }: PendingAskProps) {
  const respond = useRespond(taskId);
  const section = useRef<HTMLElement>(null);
  const info = ask.ask === 'followup' ? null : toolInfo(ask);
  // A whole-file write to an existing file: diff it against the file as it is now.
  const rewrites = info?.tool === 'write_to_file' && info.content !== undefined && info.diff === undefined;
  const before = useFileBefore(workspaceId, info?.path, rewrites);
  const lines =
    rewrites && typeof before.data === 'string' && info?.content !== undefined
      ? lineDiff(before.data, info.content)
      : undefined;

  // Bring a new question or approval into view (without moving focus).
  useEffect(() => {
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    section.current?.scrollIntoView?.({ block: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
  }, [ask.seq]);
  const [sentSeq, setSentSeq] = useState<number | null>(null);
  const [text, setText] = useState('');
  const answerId = useId();
  const sent = sentSeq === ask.seq && !respond.isError;

  const send = (response: 'answer' | 'approve' | 'deny', value?: string, mode?: string) =>
    respond.mutate(
      {
        response,
        ...(value === undefined || value === '' ? {} : { text: value }),
        ...(mode ? { mode } : {}),
      },
      {
        onSuccess: () => {
          setSentSeq(ask.seq);
          setText('');
        },
      },
    );

  const submitAnswer = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) send('answer', text.trim());
  };

  const disabled = !canRespond || respond.isPending || sent;
  const headingId = `${answerId}-heading`;

  let body;
  if (ask.ask === 'followup') {
    const q = followup(ask);
    body = (
      <>
        <h2 id={headingId}>The agent asks</h2>
        <Markdown className="ask-question" text={q.question} />
        {q.suggestions.length > 0 && (
          <div className="row wrap" role="group" aria-label="Suggested answers">
            {q.suggestions.map((s, i) => (
              <button
                key={`${i}-${s.text}`}
                type="button"
                className="btn"
                disabled={disabled}
                onClick={() => send('answer', s.text, s.mode)}
              >
                {s.text}
                {/* Picking it switches the mode: say so on the button, it is the user's approval. */}
                {s.mode && <span className="badge suggestion-mode"> → {s.mode} mode</span>}
              </button>
            ))}
          </div>
        )}
        <AnswerForm
          id={answerId}
          text={text}
          setText={setText}
          onSubmit={submitAnswer}
          disabled={disabled}
          label="Your answer"
        />
      </>
    );
  } else {
    body = (
      <>
        <h2 id={headingId}>{ask.ask === 'command' ? 'Run this command?' : 'Approve this action?'}</h2>
        {ask.ask === 'command' ? (
          <PendingCommand message={ask} />
        ) : ask.ask === 'use_mcp_server' ? (
          <McpAskDetails message={ask} />
        ) : (
          <>
            <p>
              {info ? toolLabel(info.tool) : 'Tool use'} {info?.path && <code>{info.path}</code>}
            </p>
            {ask.text && !ask.text.trim().startsWith('{') && <p>{ask.text}</p>}
          </>
        )}
        {info && hasChanges(info) && (
          <DiffView
            diff={info.diff}
            content={info.content}
            lines={lines}
            label={`Proposed changes to ${info.path ?? 'file'}`}
          />
        )}
        {/* The feedback goes with the decision, so it comes before the buttons that send it. */}
        <label htmlFor={answerId} className="field-hint">
          Optional feedback sent with your decision
        </label>
        <textarea
          id={answerId}
          rows={2}
          value={text}
          onChange={(e) => setText(e.target.value)}
          disabled={disabled}
        />
        <div className="row">
          <button
            type="button"
            className="btn btn-primary"
            disabled={disabled}
            onClick={() => send('approve', text.trim())}
          >
            <Check aria-hidden="true" size={18} />
            Approve
          </button>
          <button
            type="button"
            className="btn btn-danger"
            disabled={disabled}
            onClick={() => send('deny', text.trim())}
          >
            <X aria-hidden="true" size={18} />
            Deny
          </button>
        </div>
      </>
    );
  }

  return (
    <section className="pending-ask" id="pending-ask" ref={section} aria-labelledby={headingId}>
      {body}
      {!canRespond && <p className="muted">Only members can answer.</p>}
      {sent && <p role="status">Sent. Waiting for the agent…</p>}
      <InlineError error={respond.error} />
    </section>
  );
}

function AnswerForm(props: {
  id: string;
  text: string;
  setText: (t: string) => void;
  onSubmit: (e: FormEvent) => void;
  disabled: boolean;
  label: string;
}) {
  return (
    <form className="form" onSubmit={props.onSubmit}>
      <label htmlFor={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={3}
        value={props.text}
        onChange={(e) => props.setText(e.target.value)}
        disabled={props.disabled}
      />
      <button type="submit" className="btn btn-primary" disabled={props.disabled || !props.text.trim()}>
        Send answer
      </button>
    </form>
  );
}
