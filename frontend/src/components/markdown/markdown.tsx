import { memo } from 'react';
import ReactMarkdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './code-block';
import { safeUrl } from './safe-url';

type HastElement = NonNullable<ExtraProps['node']>;

function textOf(node: HastElement | HastElement['children'][number]): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** The fenced block's language from its `language-xxx` class, limited to a plain name. */
function languageOf(code: HastElement): string | undefined {
  const cls = code.properties.className;
  const list = Array.isArray(cls) ? cls.map(String) : [];
  const lang = list.find((c) => c.startsWith('language-'))?.slice('language-'.length);
  return lang && /^[\w+#.-]{1,32}$/.test(lang) ? lang.toLowerCase() : undefined;
}

function components(highlight: boolean): Components {
  return {
    pre: ({ node }) => {
      const code = node?.children.find((c): c is HastElement => c.type === 'element' && c.tagName === 'code');
      if (!code) return null;
      return (
        <CodeBlock code={textOf(code).replace(/\n$/, '')} language={languageOf(code)} highlight={highlight} />
      );
    },
    a: ({ href, children }) => {
      const url = href ? safeUrl(href) : null;
      if (!url) return <span className="md-unsafe-link">{children}</span>;
      const external = /^https?:/i.test(url);
      return (
        <a href={url} {...(external ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}>
          {children}
        </a>
      );
    },
    // Remote images in agent output could track the reader or leak data through the URL: show a link.
    img: ({ src, alt }) => {
      const url = typeof src === 'string' ? safeUrl(src) : null;
      const label = alt || 'image';
      return url && /^https?:/i.test(url) ? (
        <a href={url} target="_blank" rel="noopener noreferrer nofollow">
          [{label}]
        </a>
      ) : (
        <span>[{label}]</span>
      );
    },
    // Headings inside a message sit below the page's h1/h2: shift them so the outline stays right.
    h1: ({ children }) => <h3>{children}</h3>,
    h2: ({ children }) => <h4>{children}</h4>,
    h3: ({ children }) => <h5>{children}</h5>,
    h4: ({ children }) => <h6>{children}</h6>,
    h5: ({ children }) => <h6>{children}</h6>,
    table: ({ children }) => (
      <div className="md-table" role="region" aria-label="Table" tabIndex={0}>
        <table>{children}</table>
      </div>
    ),
  };
}

const plugins = [remarkGfm];
const streamingComponents = components(false);
const finalComponents = components(true);

/**
 * Agent output as Markdown (GFM), rendered to React elements: raw HTML in the text is shown as text,
 * links keep only http, https, mailto or relative URLs, images become links, code blocks are
 * highlighted (lazily) with a copy button.
 */
export const Markdown = memo(function Markdown({
  text,
  streaming = false,
  className,
}: {
  text: string;
  /** The text is still arriving: skip highlighting until it is final. */
  streaming?: boolean;
  className?: string;
}) {
  return (
    <div className={className ? `markdown ${className}` : 'markdown'}>
      <ReactMarkdown
        remarkPlugins={plugins}
        components={streaming ? streamingComponents : finalComponents}
        urlTransform={(url) => safeUrl(url)}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
});
