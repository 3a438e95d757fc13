import { Pencil } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { InlineError } from '@/components/states';
import { useEditTodos } from '../api';
import type { Todo } from '../lib/messages';

const BOX: Record<Todo['status'], string> = { completed: '[x]', in_progress: '[-]', pending: '[ ]' };

/** The list as the Markdown checklist the agent writes (and reads back). */
export function todosToMarkdown(todos: readonly Todo[]): string {
  return todos.map((t) => `${BOX[t.status]} ${t.content}`).join('\n');
}

/** Lets a member rewrite the task's todo list; the agent sees the new list at its next turn. */
export function TodoEditor({ taskId, todos }: { taskId: string; todos: readonly Todo[] }) {
  const edit = useEditTodos(taskId);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const id = useId();
  const start = () => {
    setText(todosToMarkdown(todos));
    setOpen(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    edit.mutate(text, { onSuccess: () => setOpen(false) });
  };
  if (!open)
    return (
      <button type="button" className="btn btn-small" onClick={start}>
        <Pencil aria-hidden="true" size={14} />
        {todos.length ? 'Edit todo list' : 'Add a todo list'}
      </button>
    );
  return (
    <form className="form todo-editor" onSubmit={submit}>
      <label htmlFor={id}>Todo list, one item a line: [ ] to do, [-] in progress, [x] done</label>
      <textarea id={id} rows={6} value={text} maxLength={20_000} onChange={(e) => setText(e.target.value)} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={edit.isPending}>
          Save todo list
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <InlineError error={edit.error} />
    </form>
  );
}
