/**
 * The two files Roo Code (and its fork Zoo Code) keeps per task, as far as we read or write them:
 * `ui_messages.json` (ClineMessage[]: what the user saw) and `api_conversation_history.json`
 * (Anthropic-style message params: what the model saw). Shapes follow the public
 * RooCodeInc/Roo-Code packages/types (message.ts) and src/core/task-persistence.
 */
import { z } from 'zod';

/** Roo's ask kinds (ClineAsk). */
export const ROO_ASKS = [
  'followup',
  'command',
  'command_output',
  'completion_result',
  'tool',
  'api_req_failed',
  'resume_task',
  'resume_completed_task',
  'mistake_limit_reached',
  'use_mcp_server',
  'auto_approval_max_req_reached',
] as const;

/** Roo's say kinds (ClineSay). */
export const ROO_SAYS = [
  'error',
  'api_req_started',
  'api_req_finished',
  'api_req_retried',
  'api_req_retry_delayed',
  'api_req_rate_limit_wait',
  'api_req_deleted',
  'text',
  'image',
  'reasoning',
  'completion_result',
  'user_feedback',
  'user_feedback_diff',
  'command_output',
  'shell_integration_warning',
  'mcp_server_request_started',
  'mcp_server_response',
  'subtask_result',
  'checkpoint_saved',
  'rooignore_error',
  'diff_error',
  'condense_context',
  'condense_context_error',
  'sliding_window_truncation',
  'codebase_search_result',
  'user_edit_todos',
  'too_many_tools_warning',
  'tool',
] as const;

const num = z.number();

/**
 * One ClineMessage. Kinds are plain strings here (a newer Roo may have kinds we do not know:
 * they are kept as text, not refused); unknown fields are ignored.
 */
export const rooUiMessageSchema = z.object({
  ts: num.optional(),
  type: z.enum(['ask', 'say']),
  ask: z.string().max(100).optional(),
  say: z.string().max(100).optional(),
  text: z.string().optional(),
  images: z.array(z.unknown()).optional(),
  partial: z.boolean().optional(),
  reasoning: z.string().optional(),
  contextCondense: z
    .object({
      cost: num,
      prevContextTokens: num,
      newContextTokens: num,
      summary: z.string(),
      condenseId: z.string().max(200).optional(),
    })
    .optional(),
  contextTruncation: z
    .object({
      truncationId: z.string().max(200),
      messagesRemoved: num,
      prevContextTokens: num,
      newContextTokens: num,
    })
    .optional(),
  checkpoint: z.record(z.string(), z.unknown()).optional(),
  /** Roo Server's own export: the message's seq and the parts of its meta the UI shows. */
  rooServer: z.object({ seq: num.optional(), meta: z.record(z.string(), z.unknown()).optional() }).optional(),
});
export type RooUiMessage = z.infer<typeof rooUiMessageSchema>;

const block = z
  .object({
    type: z.string().max(100),
    text: z.string().optional(),
    thinking: z.string().optional(),
    signature: z.string().optional(),
    id: z.string().max(500).optional(),
    name: z.string().max(500).optional(),
    input: z.unknown().optional(),
    tool_use_id: z.string().max(500).optional(),
    content: z.unknown().optional(),
    is_error: z.boolean().optional(),
  })
  .loose();
export type RooApiBlock = z.infer<typeof block>;

/** One entry of api_conversation_history.json (Anthropic MessageParam plus Roo's markers). */
export const rooApiMessageSchema = z
  .object({
    role: z.enum(['user', 'assistant']),
    content: z.union([z.string(), z.array(block)]),
    ts: num.optional(),
    isSummary: z.boolean().optional(),
    condenseId: z.string().max(200).optional(),
    condenseParent: z.string().max(200).optional(),
    truncationParent: z.string().max(200).optional(),
  })
  .loose();
export type RooApiMessage = z.infer<typeof rooApiMessageSchema>;

/** Roo's ClineApiReqInfo: the JSON text of an `api_req_started` message. */
export interface RooApiReqInfo {
  request?: string;
  tokensIn?: number;
  tokensOut?: number;
  cacheWrites?: number;
  cacheReads?: number;
  cost?: number;
}

/** Roo's FollowUpData: the JSON text of a `followup` ask. */
export interface RooFollowUp {
  question?: string;
  suggest?: { answer: string; mode?: string }[];
}

/** What we write for one exported ClineMessage. */
export interface RooUiMessageOut {
  ts: number;
  type: 'ask' | 'say';
  ask?: string;
  say?: string;
  text: string;
  partial: boolean;
  contextCondense?: {
    cost: number;
    prevContextTokens: number;
    newContextTokens: number;
    summary: string;
    condenseId?: string;
  };
  contextTruncation?: {
    truncationId: string;
    messagesRemoved: number;
    prevContextTokens: number;
    newContextTokens: number;
  };
  checkpoint?: Record<string, unknown>;
  rooServer: { seq: number; meta: Record<string, unknown> };
}

export type ApiBlockOut =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean };

/** What we write for one exported api_conversation_history entry. */
export interface RooApiMessageOut {
  role: 'user' | 'assistant';
  content: ApiBlockOut[];
  ts: number;
  isSummary?: boolean;
  condenseId?: string;
  condenseParent?: string;
}

/**
 * Roo's UI tool names (ClineSayTool.tool) and the API tool calls that show as them; used to
 * pair a UI tool message with its call (and result) in the API history.
 */
export const UI_TOOL_CALLS: Record<string, readonly string[]> = {
  readFile: ['read_file'],
  listFilesTopLevel: ['list_files'],
  listFilesRecursive: ['list_files'],
  searchFiles: ['search_files'],
  codebaseSearch: ['codebase_search'],
  newFileCreated: ['write_to_file'],
  editedExistingFile: [
    'write_to_file',
    'apply_diff',
    'edit',
    'edit_file',
    'search_and_replace',
    'search_replace',
    'insert_content',
    'apply_patch',
  ],
  appliedDiff: [
    'apply_diff',
    'edit',
    'edit_file',
    'search_and_replace',
    'search_replace',
    'insert_content',
    'apply_patch',
  ],
  switchMode: ['switch_mode'],
  newTask: ['new_task'],
  updateTodoList: ['update_todo_list'],
  listCodeDefinitionNames: ['list_code_definition_names'],
  fetchInstructions: ['fetch_instructions'],
  runSlashCommand: ['run_slash_command'],
  generateImage: ['generate_image'],
  skill: ['skill'],
};
