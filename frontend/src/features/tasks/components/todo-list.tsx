import { CircleCheck, Circle, CirclePlay, type LucideIcon } from 'lucide-react';
import type { Todo } from '../lib/messages';

const MARK: Record<Todo['status'], LucideIcon> = {
  completed: CircleCheck,
  in_progress: CirclePlay,
  pending: Circle,
};
const LABEL: Record<Todo['status'], string> = {
  completed: 'done',
  in_progress: 'in progress',
  pending: 'to do',
};

export function TodoList({ todos }: { todos: Todo[] }) {
  return (
    <section className="card todo" aria-labelledby="todo-title">
      <h2 id="todo-title">Todo list</h2>
      <ul>
        {todos.map((t, i) => {
          const Mark = MARK[t.status];
          return (
            <li key={i} className={`todo-${t.status}`}>
              <Mark aria-hidden="true" size={16} className="todo-icon" /> {t.content}
              <span className="visually-hidden"> ({LABEL[t.status]})</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
