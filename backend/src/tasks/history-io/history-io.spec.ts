import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../common/errors/domain-errors.js';
import type { MessageMeta, Task, TaskMessage, ToolCallRecord } from '../entities.js';
import { toMarkdown, toRooApiHistory, toRooUiMessages } from './export.js';
import { IMPORT_LIMITS, planImport, type ImportedMessage } from './import.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const rooUi = fixture('roo-ui_messages.json');
const rooApi = fixture('roo-api_conversation_history.json');

let seq = 0;
const msg = (m: Partial<TaskMessage> & Pick<TaskMessage, 'type'>): TaskMessage =>
  ({
    taskId: 't',
    seq: ++seq,
    ts: 1_764_000_000_000 + seq,
    ask: null,
    say: null,
    text: '',
    partial: false,
    meta: {},
    ...m,
  }) as TaskMessage;
const say = (kind: TaskMessage['say'], text: string, meta: MessageMeta = {}) =>
  msg({ type: 'say', say: kind, text, meta });

/** A history as our agent records it: reasoning, a read, a question with modes, an approved write, a condense, completion. */
function ourHistory(): TaskMessage[] {
  seq = 0;
  const read = { id: 'call_1', name: 'read_file', input: { path: 'README.md' } };
  const ask = {
    id: 'call_2',
    name: 'ask_followup_question',
    input: { question: 'Which style?', follow_up: [] },
  };
  const write = { id: 'call_3', name: 'write_to_file', input: { path: 'NOTES.md', content: '# Notes\n' } };
  const done = { id: 'call_4', name: 'attempt_completion', input: { result: 'Wrote NOTES.md.' } };
  const usage = { tokensIn: 100, tokensOut: 20, cacheReads: 0, cacheWrites: 0, cost: 0.0012 };
  const started = (turn: number, calls: ToolCallRecord[]) =>
    say('api_req_started', JSON.stringify(usage), {
      turn,
      toolCalls: calls,
      usage,
      mode: 'code',
      seenSeq: 1,
    });
  return [
    say('text', 'Write notes', { role: 'user' }),
    started(1, [read]),
    say('reasoning', 'I should read the README first.', { turn: 1 }),
    say('text', 'Reading.', { role: 'assistant', turn: 1 }),
    say('tool', JSON.stringify({ tool: 'readFile', path: 'README.md' }), {
      toolResult: { id: 'call_1', content: '# Readme', isError: false },
    }),
    started(2, [ask]),
    msg({
      type: 'ask',
      ask: 'followup',
      text: 'Which style?',
      meta: {
        toolCall: ask,
        suggestions: [
          { text: 'Short', mode: 'code' },
          { text: 'Plan first', mode: 'architect' },
        ],
      },
    }),
    say('user_feedback', 'Short', { response: 'answer', toolCallId: 'call_2', mode: 'code' }),
    started(3, [write]),
    msg({
      type: 'ask',
      ask: 'tool',
      text: JSON.stringify({ tool: 'newFileCreated', path: 'NOTES.md', content: '# Notes\n' }),
      meta: { toolCall: write },
    }),
    say('user_feedback', '', { response: 'approve', toolCallId: 'call_3' }),
    say('tool', JSON.stringify({ tool: 'newFileCreated', path: 'NOTES.md', content: '# Notes\n' }), {
      toolResult: { id: 'call_3', content: 'Wrote NOTES.md', isError: false },
    }),
    say('condense_context', '', {
      contextCondense: {
        summary: 'Read, asked, wrote.',
        prevContextTokens: 9000,
        newContextTokens: 800,
        cost: 0.002,
        condenseId: 'cd1',
      },
    }),
    started(4, [done]),
    say('completion_result', 'Wrote NOTES.md.', {
      toolResult: { id: 'call_4', content: 'The task was marked complete.', isError: false },
    }),
  ];
}

/** What a reader of the history sees of a message. */
const visible = (m: Pick<ImportedMessage, 'type' | 'ask' | 'say' | 'text' | 'meta'>) => ({
  type: m.type,
  kind: m.type === 'ask' ? m.ask : m.say,
  text: m.text,
  role: m.meta.role,
  response: m.meta.response,
  suggestions: m.meta.suggestions,
  toolResult: m.meta.toolResult,
  toolCall: m.meta.toolCall,
  usage: m.meta.usage,
  contextCondense: m.meta.contextCondense,
});

const badInput = (body: unknown) => {
  try {
    planImport(body);
  } catch (e) {
    expect(e).toBeInstanceOf(BadInputError);
    return (e as Error).message;
  }
  throw new Error('planImport accepted the body');
};

describe('export in Roo shapes', () => {
  it('writes ClineMessages: followups as FollowUpData JSON, condense data as Roo fields, our meta beside', () => {
    const ui = toRooUiMessages(ourHistory());
    expect(ui[0]).toMatchObject({ type: 'say', say: 'text', text: 'Write notes', partial: false });
    const followup = ui.find((m) => m.ask === 'followup')!;
    expect(JSON.parse(followup.text)).toEqual({
      question: 'Which style?',
      suggest: [
        { answer: 'Short', mode: 'code' },
        { answer: 'Plan first', mode: 'architect' },
      ],
    });
    expect(ui.find((m) => m.say === 'condense_context')!.contextCondense).toMatchObject({
      prevContextTokens: 9000,
      newContextTokens: 800,
    });
    const started = ui.find((m) => m.say === 'api_req_started')!;
    expect(JSON.parse(started.text)).toMatchObject({ tokensIn: 100, tokensOut: 20, cost: 0.0012 });
    // Internal bookkeeping stays out of the file.
    expect(started.rooServer.meta.seenSeq).toBeUndefined();
  });

  it('writes the API history as Anthropic params: every tool_result follows its tool_use, reasoning in the turn, condense markers', () => {
    const api = toRooApiHistory(ourHistory());
    const seen = new Set<string>();
    for (const m of api)
      for (const b of m.content) {
        if (b.type === 'tool_use') {
          expect(m.role).toBe('assistant');
          seen.add(b.id);
        }
        if (b.type === 'tool_result') {
          expect(m.role).toBe('user');
          expect(seen.has(b.tool_use_id)).toBe(true);
        }
      }
    expect(seen.size).toBe(4);
    // Roles alternate (consecutive same-role turns merged).
    for (let i = 1; i < api.length; i++)
      if (!api[i].isSummary && !api[i - 1].isSummary) expect(api[i].role).not.toBe(api[i - 1].role);
    expect(api[1].content.map((b) => b.type)).toEqual(['reasoning', 'text', 'tool_use']);
    const answer = api
      .flatMap((m) => m.content)
      .find((b) => b.type === 'tool_result' && b.tool_use_id === 'call_2');
    expect(answer).toMatchObject({ content: '<answer>\nShort\n</answer>' });
    const summary = api.find((m) => m.isSummary)!;
    expect(summary.condenseId).toBe('cd1');
    expect(api.slice(0, api.indexOf(summary)).every((m) => m.condenseParent === 'cd1')).toBe(true);
    expect(api.slice(api.indexOf(summary) + 1).every((m) => !m.condenseParent)).toBe(true);
  });

  it('writes Markdown with the figures and every turn', () => {
    const task = {
      id: 'a1b2c3d4-0000-4000-8000-000000000000',
      title: 'Write notes',
      mode: 'code',
      status: 'completed',
      createdAt: new Date('2026-11-29T10:00:00Z'),
      tokensIn: 400,
      tokensOut: 80,
      cacheReads: 0,
      cacheWrites: 0,
      cost: 0.0048,
      imported: null,
    } as unknown as Task;
    const md = toMarkdown(task, ourHistory());
    expect(md).toContain('# Write notes');
    expect(md).toContain('Cost: $0.0048');
    expect(md).toContain('**User:**\n\nWrite notes');
    expect(md).toContain('[Reasoning]\nI should read the README first.');
    expect(md).toContain('[Tool call: read_file]\npath: README.md');
    expect(md).toContain('[Tool result]\n# Readme');
    expect(md).toContain('**Summary (context condensed):**');
  });
});

describe('import of a Roo history', () => {
  it('round trip: our export imports as the same visible messages', () => {
    const ours = ourHistory();
    const plan = planImport({
      uiMessages: toRooUiMessages(ours),
      apiConversationHistory: toRooApiHistory(ours),
    });
    expect(plan.messages.map(visible)).toEqual(ours.map(visible));
    expect(plan.messages.map((m) => m.ts)).toEqual(ours.map((m) => m.ts));
    expect(plan.prompt).toBe('Write notes');
    expect(plan.totals.cost).toBeCloseTo(4 * 0.0012 + 0.002, 10);
  });

  it('maps a realistic Roo file: kinds, FollowUpData, usage, condense, tool results paired by name and order, text cleaned', () => {
    const plan = planImport({ uiMessages: rooUi, apiConversationHistory: rooApi });
    const kinds = plan.messages.map((m) => `${m.type}:${m.ask ?? m.say}`);
    expect(kinds).toEqual([
      'say:text',
      'say:api_req_started',
      'say:reasoning',
      'say:text',
      'ask:tool',
      'say:api_req_started',
      'say:text',
      'ask:tool',
      'say:checkpoint_saved',
      'say:api_req_started',
      'ask:command',
      'say:command_output',
      'say:api_req_started',
      'ask:followup',
      'say:user_feedback',
      'say:condense_context',
      'say:api_req_started',
      'say:text',
      'say:completion_result',
      'ask:completion_result',
      'say:text',
    ]);
    const [prompt] = plan.messages;
    expect(prompt.meta.role).toBe('user');
    expect(prompt.text).toBe(
      'Add a `sum` function to src/math.ts and a test for it.\n\n[1 image not imported]',
    );
    expect(plan.messages[3].meta.role).toBe('assistant');
    const q = plan.messages.find((m) => m.ask === 'followup')!;
    expect(q.text).toBe('Should `sum` also accept an array of numbers?');
    expect(q.meta.suggestions).toEqual([
      { text: 'Yes, add an overload for arrays', mode: 'code' },
      { text: 'No, keep two arguments' },
      { text: 'Plan the API first', mode: 'architect' },
    ]);
    expect(plan.messages.find((m) => m.ask === 'command')!.meta.command).toBe(
      'npx vitest run src/math.test.ts',
    );
    expect(plan.messages[1].meta.usage).toEqual({
      tokensIn: 5210,
      tokensOut: 148,
      cacheWrites: 5012,
      cacheReads: 0,
      cost: 0.02104,
    });
    expect(plan.totals.tokensIn).toBe(5210 + 312 + 128 + 96 + 3120);
    expect(plan.totals.cost).toBeCloseTo(0.02104 + 0.00772 + 0.00486 + 0.00455 + 0.01032 + 0.0031, 10);
    expect(plan.messages.find((m) => m.say === 'condense_context')!.meta.contextCondense).toMatchObject({
      prevContextTokens: 48210,
      newContextTokens: 3120,
      condenseId: 'c-7f3a',
    });
    // UI tool rows have no ids: paired with the API history's calls by name and order.
    const [readRow, diffRow] = plan.messages.filter((m) => m.ask === 'tool');
    expect(readRow.meta.toolResult).toEqual({
      id: 'toolu_01Read',
      content: '1 | // math helpers\n2 | \n3 | export const PI = 3.14;',
      isError: false,
    });
    expect(diffRow.meta.toolResult?.content).toBe('Changes successfully applied to src/math.ts.');
    // Bidi overrides and NUL shown as U+FFFD.
    expect(plan.messages[17].text).toBe('Done \ufffdevil\ufffd and\ufffd verified.');
    // A kind we do not have is kept as text and named; empty ones are left out.
    const warning = plan.messages.at(-1)!;
    expect(warning.meta.importedKind).toBe('say:shell_integration_warning');
    expect(warning.text).toContain('Shell integration unavailable');
    expect(plan.notes.join('\n')).toMatch(/kept as text: say:shell_integration_warning/);
    expect(plan.notes.join('\n')).toMatch(/3 empty message/);
    expect(plan.messages.find((m) => m.say === 'command_output')!.meta.command).toBe(
      'npx vitest run src/math.test.ts',
    );
    expect(plan.notes.join('\n')).toMatch(/2 tool result\(s\) paired/);
  });

  it('builds messages from the API history alone', () => {
    const plan = planImport({ apiConversationHistory: rooApi });
    expect(plan.messages[0]).toMatchObject({
      say: 'text',
      text: expect.stringContaining('Add a `sum`'),
      meta: { role: 'user' },
    });
    // environment_details is the editor's state, not a message.
    expect(plan.messages.some((m) => m.text.includes('environment_details'))).toBe(false);
    expect(plan.messages.find((m) => m.say === 'reasoning')!.text).toContain('look at the existing file');
    const read = plan.messages.find((m) => m.meta.toolCall?.name === 'read_file')!;
    expect(read.meta.toolResult?.content).toContain('export const PI');
    expect(plan.messages.find((m) => m.ask === 'followup')!.meta.suggestions).toEqual([
      { text: 'Yes, add an overload for arrays', mode: 'code' },
      { text: 'No, keep two arguments' },
    ]);
    expect(plan.messages.find((m) => m.say === 'user_feedback' && m.meta.response === 'answer')!.text).toBe(
      'No, keep two arguments',
    );
    expect(plan.messages.at(-1)).toMatchObject({
      say: 'completion_result',
      text: expect.stringContaining('sum(a, b)'),
    });
  });

  it('refuses what is not a Roo history with a 400 that says where', () => {
    expect(badInput([])).toMatch(/JSON object/);
    expect(badInput({})).toMatch(/nothing to import/);
    expect(badInput({ uiMessages: {} })).toMatch(/ui_messages must be a JSON array/);
    expect(badInput({ uiMessages: [{ type: 'shout', text: 'x' }] })).toMatch(/^ui_messages\[0\]\.type/);
    expect(badInput({ uiMessages: [{ type: 'say', say: 'text', text: 42 }] })).toMatch(
      /ui_messages\[0\]\.text/,
    );
    expect(badInput({ apiConversationHistory: [{ role: 'system', content: 'x' }] })).toMatch(
      /api_conversation_history\[0\]\.role/,
    );
    expect(badInput({ uiMessages: [], extra: 1 })).toMatch(/unknown field "extra"/);
    expect(badInput({ uiMessages: [{ type: 'say', say: 'api_req_retried', text: '' }] })).toMatch(
      /no message/,
    );
    const many = Array.from({ length: IMPORT_LIMITS.messages + 1 }, () => ({
      type: 'say',
      say: 'text',
      text: 'x',
    }));
    expect(badInput({ uiMessages: many })).toMatch(/at most 20000/);
    const long = 'x'.repeat(IMPORT_LIMITS.textChars + 1);
    expect(
      badInput({
        uiMessages: [
          { type: 'say', say: 'text', text: 'ok' },
          { type: 'say', say: 'text', text: long },
        ],
      }),
    ).toMatch(/ui_messages\[1\] holds a text of 1000001 characters/);
    let deep: unknown = 'x';
    for (let i = 0; i < 60; i++) deep = [deep];
    expect(badInput({ uiMessages: [{ type: 'say', say: 'text', text: 'a', checkpoint: { deep } }] })).toMatch(
      /nested deeper/,
    );
  });

  it('takes back only checked meta from a file claiming to be ours: no subtask links, no odd roles or modes', () => {
    const plan = planImport({
      uiMessages: [
        {
          type: 'say',
          say: 'text',
          text: 'hi',
          rooServer: {
            meta: {
              role: 'admin',
              mode: '../../etc',
              subtask: { taskId: '00000000-0000-4000-8000-000000000000', mode: 'code' },
              toolResult: { id: 'x', content: 'ok\u0000\u202e', isError: 'yes' },
              seenSeq: 99,
            },
          },
        },
      ],
    });
    const meta = plan.messages[0].meta;
    expect(meta.role).toBe('user');
    expect(meta.mode).toBeUndefined();
    expect(meta.subtask).toBeUndefined();
    expect(meta.seenSeq).toBeUndefined();
    expect(meta.toolResult).toEqual({ id: 'x', content: 'ok\ufffd\ufffd', isError: false });
  });
});
