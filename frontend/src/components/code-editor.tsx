import { languages } from '@codemirror/language-data';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

interface CodeEditorProps {
  /** Used to pick the syntax highlighting (by file name). */
  path: string;
  value: string;
  readOnly?: boolean;
  onChange?: (value: string) => void;
  label: string;
}

/** CodeMirror 6 with syntax highlighting loaded on demand for the file's language. */
export function CodeEditor({ path, value, readOnly = false, onChange, label }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  const language = useRef(new Compartment());
  const editable = useRef(new Compartment());

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          language.current.of([]),
          editable.current.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
          // tabindex: a read-only editor is not contenteditable, so without it keyboard users could not
          // reach (and scroll) a long file (axe: scrollable-region-focusable).
          EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current?.(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once per file; value/readOnly changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: editable.current.reconfigure([
        EditorState.readOnly.of(readOnly),
        EditorView.editable.of(!readOnly),
      ]),
    });
  }, [readOnly]);

  useEffect(() => {
    let cancelled = false;
    const desc =
      languages.find((l) => l.extensions.some((ext) => path.toLowerCase().endsWith(`.${ext}`))) ??
      languages.find((l) => l.filename?.test(path.split('/').pop() ?? ''));
    if (!desc) return;
    void desc.load().then((support) => {
      if (!cancelled) view.current?.dispatch({ effects: language.current.reconfigure(support) });
    });
    return () => {
      cancelled = true;
    };
  }, [path]);

  return <div ref={host} className="code-editor" />;
}
