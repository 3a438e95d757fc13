import { render, screen } from '@testing-library/react';
import { TodoList } from './todo-list';

describe('TodoList', () => {
  it('marks each state with an SVG icon (no emoji that need an emoji font) and a text label', () => {
    const { container } = render(
      <TodoList
        todos={[
          { content: 'Read', status: 'completed' },
          { content: 'Write', status: 'in_progress' },
          { content: 'Test', status: 'pending' },
        ]}
      />,
    );
    expect(container.querySelectorAll('li svg[aria-hidden="true"]')).toHaveLength(3);
    expect(container.textContent).not.toMatch(/[\u2190-\u27bf\u{1f300}-\u{1faff}]/u);
    expect(screen.getByText('Write').closest('li')).toHaveTextContent('Write (in progress)');
  });
});
