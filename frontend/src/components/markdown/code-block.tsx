import { Check, Copy } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { highlight as highlightCode, HighlightTree } from './highlight';

type HastNode = HighlightTree['children'][number];

let highlighter: Promise<{ highlight: typeof highlightCode }> | null = null;
/** The highlighter module, imported once on first use (a separate chunk, off the first load). */
function loadHighlighter() {
  highlighter ??= import('./highlight');
  return highlighter;
}

/** lowlight's tree is only spans with classes and text: rendered as React elements, never as HTML. */
function toReact(nodes: readonly HastNode[]): ReactNode[] {
  return nodes.map((n, i) => {
    if (n.type === 'text') return n.value;
    if (n.type !== 'element') return null;
    const className = n.properties.className;
    return (
      <span key={i} className={Array.isArray(className) ? className.join(' ') : undefined}>
        {toReact(n.children)}
      </span>
    );
  });
}

/** A fenced code block: highlighted once the highlighter has loaded, with a copy button. */
export function CodeBlock({
  code,
  language,
  highlight = true,
}: {
  code: string;
  language?: string;
  /** Off while the text is still streaming (re-highlighting every chunk is wasted work). */
  highlight?: boolean;
}) {
  const [tree, setTree] = useState<{ code: string; nodes: ReactNode[] } | null>(null);
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    if (!highlight || !language) return;
    let alive = true;
    void loadHighlighter()
      .then((m) => {
        const result = m.highlight(code, language);
        if (alive && result) setTree({ code, nodes: toReact(result.children) });
      })
      // Unhighlighted code is still correct; a failed chunk load must not break the message.
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [code, language, highlight]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    const ok = await copyText(code);
    setCopied(ok ? 'ok' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCopied(null), 2000);
  };

  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="code-block-lang">{language ?? 'text'}</span>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          aria-label={copied === 'ok' ? 'Copied' : 'Copy code'}
          onClick={() => void copy()}
        >
          {copied === 'ok' ? <Check aria-hidden="true" size={16} /> : <Copy aria-hidden="true" size={16} />}
          {copied === 'ok' ? 'Copied' : 'Copy'}
        </button>
        <span role="status" className="visually-hidden">
          {copied === 'ok' ? 'Code copied to the clipboard' : copied === 'failed' ? 'Could not copy' : ''}
        </span>
      </div>
      {/* A scrollable region must be focusable so keyboard users can scroll it. */}
      <pre
        className="code-block-pre"
        role="region"
        aria-label={language ? `Code (${language})` : 'Code'}
        tabIndex={0}
      >
        <code className={language ? `hljs language-${language}` : 'hljs'}>
          {tree && tree.code === code ? tree.nodes : code}
        </code>
      </pre>
    </div>
  );
}

/**
 * Copies text; the Clipboard API exists only in secure contexts (a self-hosted server on plain HTTP
 * is not one), so fall back to a selected textarea and execCommand there.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission denied or not focused: try the fallback.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
