import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { TaskView as Task } from '@/lib/api/generated/openapi';
import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';
import { useRealtime } from '@/lib/realtime-context';
import { fetchMessages, taskKeys } from '../api';
import { foldPartial, lastSeq, mergeMessages } from '../lib/messages';

/** Streamed text not yet persisted, by seq (task:partial carries the text so far for that seq). */
export type Partials = ReadonlyMap<number, string>;

/**
 * Keeps a task's messages live: subscribes over the socket with the last seen seq, and on every
 * (re)connect also fetches GET /tasks/:id/messages?afterSeq= so nothing is lost while the socket was
 * down. Everything is merged into the query cache de-duplicated by seq.
 */
export function useTaskStream(taskId: string, enabled = true): Partials {
  const qc = useQueryClient();
  const realtime = useRealtime();
  const [partials, setPartials] = useState<Partials>(new Map());

  useEffect(() => {
    if (!enabled) return;
    const key = taskKeys.messages(taskId);
    const merge = (incoming: TaskMessage[]) =>
      qc.setQueryData<TaskMessage[]>(key, (old) => mergeMessages(old ?? [], incoming));
    const patchTask = (patch: Partial<Task>) =>
      qc.setQueryData<Task>(taskKeys.one(taskId), (old) => (old ? { ...old, ...patch } : old));
    let alive = true;

    const catchUp = async () => {
      const after = lastSeq(qc.getQueryData<TaskMessage[]>(key));
      const ack = realtime.subscribe(taskId, after);
      try {
        const missed = await fetchMessages(taskId, after);
        if (alive) merge(missed);
      } catch {
        // The socket replay still covers us; the query's own fetch shows errors.
      }
      await ack;
      if (alive) void qc.invalidateQueries({ queryKey: taskKeys.one(taskId), exact: true });
    };

    const offs = [
      realtime.on('task:message', ({ taskId: id, message }) => {
        if (id !== taskId) return;
        merge([message]);
        if (!message.partial) {
          setPartials((p) => {
            if (![...p.keys()].some((s) => s <= message.seq)) return p;
            return new Map([...p].filter(([s]) => s > message.seq));
          });
        }
      }),
      realtime.on('task:partial', ({ taskId: id, seq, text }) => {
        if (id !== taskId) return;
        const done = qc.getQueryData<TaskMessage[]>(key)?.some((m) => m.seq === seq && !m.partial);
        if (!done) setPartials((p) => new Map(p).set(seq, foldPartial(p.get(seq), text)));
      }),
      realtime.on('task:status', ({ taskId: id, status, error }) => {
        if (id !== taskId) return;
        patchTask(error === undefined ? { status } : { status, error });
        // The server commits before it publishes, so a read started now sees this status; it
        // also cancels any read still in flight, whose older answer would undo the patch.
        void qc.invalidateQueries({ queryKey: taskKeys.one(taskId), exact: true });
        void qc.invalidateQueries({
          queryKey: ['workspaces'],
          predicate: (q) => q.queryKey.includes('tasks'),
        });
      }),
      realtime.on('task:usage', ({ taskId: id, ...usage }) => {
        if (id === taskId) patchTask(usage);
      }),
      realtime.onState((state) => {
        if (state === 'connected') void catchUp();
      }),
    ];
    if (realtime.getState() === 'connected') void catchUp();
    else realtime.connect();

    return () => {
      alive = false;
      for (const off of offs) off();
      realtime.unsubscribe(taskId);
    };
  }, [taskId, enabled, qc, realtime]);

  return partials;
}
