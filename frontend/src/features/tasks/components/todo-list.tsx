import type { Todo } from '../lib/messages';

const MARK: Record<Todo['status'], string> = { completed: '✔', in_progress: '▶', pending: '○' };
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
        {todos.map((t, i) => (
          <li key={i} className={`todo-${t.status}`}>
            <span aria-hidden="true">{MARK[t.status]}</span> {t.content}
            <span className="visually-hidden"> ({LABEL[t.status]})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
