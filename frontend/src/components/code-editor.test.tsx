import { render, waitFor } from '@testing-library/react';
import { CodeEditor } from './code-editor';

// jsdom does no layout; CodeMirror measures text ranges (and logs an error without these).
const emptyRects = {
  length: 0,
  item: () => null,
  [Symbol.iterator]: [][Symbol.iterator],
} as unknown as DOMRectList;
Range.prototype.getClientRects ??= () => emptyRects;
Range.prototype.getBoundingClientRect ??= () => new DOMRect();

describe('code editor', () => {
  it('a read-only editor can still be reached with the keyboard (to scroll a long file)', async () => {
    const { container } = render(
      <CodeEditor
        path="notes.md"
        value={'line\n'.repeat(200)}
        readOnly
        label="Contents of notes.md (read-only)"
      />,
    );
    await waitFor(() => expect(container.querySelector('.cm-content')).not.toBeNull());
    const content = container.querySelector('.cm-content');
    expect(content).toHaveAttribute('contenteditable', 'false');
    expect(content).toHaveAttribute('tabindex', '0');
    expect(content).toHaveAccessibleName('Contents of notes.md (read-only)');
  });
});
