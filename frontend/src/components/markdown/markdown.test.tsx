import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Markdown } from './markdown';
import { safeUrl } from './safe-url';

describe('Markdown', () => {
  it('renders headings, bold, lists, tables and inline code as elements', () => {
    const { container } = render(
      <Markdown
        text={'## Plan\n\n**Bold** and `inline`\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |'}
      />,
    );
    // Headings sit below the page's own h1/h2.
    expect(screen.getByRole('heading', { name: 'Plan', level: 4 })).toBeInTheDocument();
    expect(container.querySelector('strong')).toHaveTextContent('Bold');
    expect(container.querySelector('code')).toHaveTextContent('inline');
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByRole('table')).toBeInTheDocument();
    expect(container.textContent).not.toContain('##');
    expect(container.textContent).not.toContain('**');
  });

  it('shows raw HTML as text: no img, script, iframe or event handler reaches the DOM', () => {
    const { container } = render(
      <Markdown
        text={
          'Hi <img src=x onerror="alert(1)"> there\n\n<script>alert(2)</script>\n\n<iframe src="https://evil.example"></iframe>\n\n<a href="javascript:alert(3)">raw link</a>'
        }
      />,
    );
    expect(container.querySelector('img, script, iframe')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    expect(container.querySelectorAll('a')).toHaveLength(0);
    // Visible as the text the model wrote.
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(container.textContent).toContain('<script>alert(2)</script>');
  });

  it('keeps only http, https, mailto and relative links active', () => {
    const { container } = render(
      <Markdown
        text={[
          '[js](javascript:alert(1))',
          '[js2](JaVaScRiPt:alert(1))',
          '[tab](java\tscript:alert(1))',
          '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
          '[vb](vbscript:msgbox)',
          '[web](https://example.com/docs)',
          '[mail](mailto:ada@example.com)',
          '[rel](/workspaces)',
        ].join('\n\n')}
      />,
    );
    const hrefs = [...container.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://example.com/docs', 'mailto:ada@example.com', '/workspaces']);
    // The unsafe ones keep their text, as plain text.
    for (const label of ['js', 'js2', 'data', 'vb']) {
      const el = screen.getByText(label);
      expect(el.closest('a')).toBeNull();
    }
    expect(screen.getByRole('link', { name: 'web' })).toHaveAttribute('rel', 'noopener noreferrer nofollow');
  });

  it('does not load images: a markdown image becomes a link, a data: image nothing active', () => {
    const { container } = render(
      <Markdown
        text={
          '![chart](https://tracker.example/p.png?secret=1)\n\n![x](data:image/svg+xml,<svg onload=alert(1)>)'
        }
      />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('link', { name: '[chart]' })).toHaveAttribute(
      'href',
      'https://tracker.example/p.png?secret=1',
    );
    expect(container.querySelectorAll('a')).toHaveLength(1);
  });

  it('renders a fenced code block with a copy button that copies the code', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn<(t: string) => Promise<void>>().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    const { container } = render(<Markdown text={'```ts\nconst a: number = 1;\n```'} />);
    const block = container.querySelector('.code-block');
    expect(block).not.toBeNull();
    expect(block?.querySelector('pre code')).toHaveTextContent('const a: number = 1;');
    await user.click(within(block as HTMLElement).getByRole('button', { name: 'Copy code' }));
    expect(writeText).toHaveBeenCalledWith('const a: number = 1;');
    expect(within(block as HTMLElement).getByRole('status')).toHaveTextContent('Code copied');
  });

  it('highlights a known language once the highlighter has loaded', async () => {
    const { container } = render(<Markdown text={'```js\nconst x = "s";\n```'} />);
    await waitFor(() => expect(container.querySelector('.hljs-keyword')).toHaveTextContent('const'));
    expect(container.querySelector('.hljs-string')).toHaveTextContent('"s"');
    expect(container.querySelector('pre code')).toHaveTextContent('const x = "s";');
  });

  it('does not highlight while streaming', async () => {
    const { container } = render(<Markdown streaming text={'```js\nconst x = 1;\n```'} />);
    await new Promise((r) => setTimeout(r, 50));
    expect(container.querySelector('.hljs-keyword')).toBeNull();
    expect(container.querySelector('pre code')).toHaveTextContent('const x = 1;');
  });
});

describe('safeUrl', () => {
  it.each([
    ['https://a.example', 'https://a.example'],
    ['HTTP://a.example', 'HTTP://a.example'],
    ['mailto:x@y.z', 'mailto:x@y.z'],
    ['/path?q=a:b', '/path?q=a:b'],
    ['#frag', '#frag'],
    ['javascript:alert(1)', null],
    [' javascript:alert(1)', null],
    ['java\nscript:alert(1)', null],
    ['data:text/html,x', null],
    ['file:///etc/passwd', null],
    ['ftp://x', null],
    ['', null],
  ])('%s → %s', (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });
});
