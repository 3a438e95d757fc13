import type { LlmTool } from '../providers/llm/llm-client.js';
import { MCP_TOOL_SPECS } from '../mcp/mcp-tools.js';
import { EDIT_TOOL_SPECS } from './edit-tools.js';

const str = (description: string) => ({ type: 'string', description });
const int = (description: string) => ({ type: 'integer', description });
const obj = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

/** Every tool the agent can offer; a mode's groups pick which ones a run sees. */
export const TOOL_SPECS: LlmTool[] = [
  {
    name: 'read_file',
    description:
      'Read a workspace file. Lines come numbered ("12 | text"). Use start_line/end_line (1-based, inclusive) for large files.',
    parameters: obj(
      {
        path: str('path relative to the workspace root'),
        start_line: int('first line'),
        end_line: int('last line'),
      },
      ['path'],
    ),
  },
  {
    name: 'list_files',
    description: 'List files and folders under a folder of the workspace ("" for the root).',
    parameters: obj(
      {
        path: str('folder, relative; "" for the root'),
        recursive: { type: 'boolean', description: 'list all levels' },
      },
      [],
    ),
  },
  {
    name: 'search_files',
    description:
      'Search file contents with a regular expression (RE2 syntax: no lookaround or backreferences, at most 500 characters); answers path:line: text for each match.',
    parameters: obj(
      {
        path: str('folder to search, "" for all'),
        regex: str('regular expression'),
        file_pattern: str('optional glob such as *.ts'),
      },
      ['regex'],
    ),
  },
  {
    name: 'write_to_file',
    description:
      "Create a file or replace its whole content. Needs the user's approval unless auto-approve is on.",
    parameters: obj({ path: str('file path'), content: str('the complete new content') }, [
      'path',
      'content',
    ]),
  },
  // apply_diff and edit (Roo's edit tools), with their descriptions, live beside their code.
  ...EDIT_TOOL_SPECS,
  {
    name: 'execute_command',
    description:
      "Run a shell command (sh -c) in the task's working copy of the workspace, mounted at /workspace, inside a sandbox: no network unless the workspace allows it, time, memory, process and output limits. Answers the exit code and the output (long output keeps its start and end). Files the command changes are saved to the workspace. Needs the user's approval unless auto-approved.",
    parameters: obj(
      {
        command: str('the command line, e.g. "npm test" or "node --test"'),
        cwd: str('optional folder to run in, relative to the workspace root'),
      },
      ['command'],
    ),
  },
  {
    name: 'ask_followup_question',
    description:
      'Ask the user a question when you need information to continue. The task waits for the answer.',
    parameters: obj(
      {
        question: str('the question'),
        follow_up: {
          type: 'array',
          description:
            '2-4 complete suggested answers; a suggestion may carry a mode the task switches to when the user picks it',
          items: {
            type: 'object',
            properties: {
              text: str('the suggested answer'),
              mode: { type: ['string', 'null'], description: 'optional mode slug to switch to (e.g. code)' },
            },
            required: ['text'],
          },
        },
      },
      ['question'],
    ),
  },
  {
    name: 'attempt_completion',
    description: 'Present the final result once the task is done. This ends the task.',
    parameters: obj({ result: str('the result, stated as final') }, ['result']),
  },
  {
    name: 'update_todo_list',
    description:
      'Replace the task\'s todo list: a markdown checklist, one item per line ("[ ] todo", "[x] done", "[-] in progress").',
    parameters: obj({ todos: str('the full checklist') }, ['todos']),
  },
  {
    name: 'switch_mode',
    description:
      "Switch the task to another mode (e.g. from architect to code). A mode with more rights needs the user's approval.",
    parameters: obj({ mode_slug: str('slug of the mode'), reason: str('why') }, ['mode_slug']),
  },
  {
    name: 'new_task',
    description:
      "Delegate a subtask to a mode: it runs as a separate task with its own instructions, and this task waits until it ends; its attempt_completion result (or why it failed or was cancelled) comes back as this call's result. Call it alone in its turn; a mode with more rights than this one needs the user's approval.",
    parameters: obj(
      {
        mode: str('slug of the mode'),
        message: str('complete instructions for the subtask: it sees nothing of this conversation'),
        todos: str('optional initial todo list of the subtask, a Markdown checklist'),
      },
      ['mode', 'message'],
    ),
  },
  // use_mcp_tool and access_mcp_resource (the mcp group) live beside their code.
  ...MCP_TOOL_SPECS,
];

export const TOOLS_NEEDING_APPROVAL = new Set(['write_to_file', 'apply_diff', 'execute_command']);
