import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { FilesService } from '../files/files.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { Mode } from '../modes/mode.entity.js';
import { ModesService } from '../modes/modes.service.js';
import { refusal, toolsForGroups, widerRights } from '../modes/tool-policy.js';
import type { ProviderLimits, ProviderProfile } from '../providers/provider-profile.entity.js';
import { ProvidersService } from '../providers/providers.service.js';
import { LlmError, type LlmClient, type LlmToolCall, type LlmUsage } from '../providers/llm/llm-client.js';
import { redactDeep, redactKnownKeys } from '../providers/llm/redact.js';
import { BudgetService } from '../providers/pricing/budget.service.js';
import { costCapReached, costOf as listCost, priceFor, taskCostCap } from '../providers/pricing/cost.js';
import type { AutoApprove, NewMessage, Task } from '../tasks/entities.js';
import { TaskJournal } from '../tasks/task-journal.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import type { TaskStatus } from '../tasks/transitions.js';
import { EDIT_TOOLS } from './edit-tools.js';
import { CommandTool } from './command-tool.js';
import { compactCall, FileTools, type ToolOutcome } from './file-tools.js';
import { ContextManager, isContextOverflow } from './context/context-manager.js';
import { rebuildConversation, type Conversation, type PendingCall } from './history.js';
import { followUpSuggestions, Subtasks } from './subtasks.js';
import { estimateTokens, storable, unsafeArgument } from './hostile-input.js';
import { buildSystemPrompt } from './prompt/system-prompt.js';
import { TOOL_SPECS } from './tool-specs.js';
import { McpTools } from '../mcp/mcp-tools.js';

type Step = 'continue' | 'stop';
const PARTIAL_EVERY_MS = 50;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** A tool call id we can store and send back: the provider's, unless it is unusable. */
const safeId = (id: string, turn: number, i: number) =>
  id && id.length <= 200 && !unsafeArgument(id) ? id : `call_${turn}_${i}`;
const isAbort = (e: unknown) =>
  ['AbortError', 'APIUserAbortError'].includes((e as { name?: string })?.name ?? '');

/** USD of one call: the model's built-in list price (when `model` is given) under the profile's own prices. */
export function costOf(u: LlmUsage, limits: ProviderLimits, model = ''): number {
  return listCost(u, priceFor(model, limits));
}

/**
 * One run of a task's agent loop: rebuild the conversation from the history, settle the
 * last turn's tool calls, ask the model for the next turn, repeat, until the task waits
 * for the user, finishes, fails, or is cancelled.
 */
@Injectable()
export class AgentRunner {
  private readonly logger = new Logger('AgentRunner');
  /** Per running task: removes its provider key from everything recorded, published or logged. */
  private readonly redactors = new Map<string, (text: string) => string>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly journal: TaskJournal,
    private readonly tasks: TasksService,
    private readonly modes: ModesService,
    private readonly providers: ProvidersService,
    private readonly files: FilesService,
    private readonly tools: FileTools,
    private readonly commands: CommandTool,
    private readonly metrics: MetricsService,
    private readonly mcp: McpTools,
    private readonly budgets: BudgetService,
  ) {}

  /** Context windows, condensing and the sliding window: see ./context. */
  private contextManager?: ContextManager;
  private get context(): ContextManager {
    return (this.contextManager ??= new ContextManager({
      window: this.config.CONTEXT_WINDOW_DEFAULT,
      thresholdPercent: this.config.CONTEXT_CONDENSE_THRESHOLD_PERCENT,
    }));
  }
  /** Per running task: requests the provider refused as too long (each drops more turns). */
  private readonly overflows = new Map<string, number>();
  private get subtasks(): Subtasks {
    return new Subtasks(this.journal, this.tasks, (task, messages, change) =>
      this.record(task, messages, change),
    );
  }

  async run(taskId: string, signal: AbortSignal): Promise<void> {
    try {
      await this.loop(taskId, signal);
    } finally {
      this.redactors.delete(taskId);
      this.overflows.delete(taskId);
    }
  }

  private redact(taskId: string): (text: string) => string {
    return this.redactors.get(taskId) ?? redactKnownKeys;
  }

  private async loop(taskId: string, signal: AbortSignal): Promise<void> {
    let task = await this.journal.task(taskId);
    if (!task) return;
    if (task.status === 'queued') task = await this.journal.setStatus(taskId, 'running');
    else if (task.status !== 'running') return; // waiting, finished or cancelled: nothing to do
    for (let first = true; ; first = false) {
      if (signal.aborted) return;
      // Each later step reads the task again: the user may have cancelled it meanwhile.
      if (!first) task = await this.journal.task(taskId);
      if (!task || task.status !== 'running') return;
      const conv = rebuildConversation(await this.journal.history(taskId));
      // Known before any step records text: tool results may carry the key too (a file holding it).
      const profile = await this.providers.profileForTask(task.workspaceId, task.providerId);
      const client = profile ? this.providers.clientFor(profile) : null;
      if (client) this.redactors.set(taskId, client.redact);
      const mode = await this.modes.resolve(task.workspaceId, task.mode);
      if (!mode) return void (await this.finish(task, 'failed', `mode ${task.mode} no longer exists`));
      if (conv.pending.length) {
        if ((await this.settle(task, mode, conv.pending)) === 'stop') return;
        continue;
      }
      if (task.steps >= this.config.TASK_MAX_STEPS)
        return void (await this.finish(
          task,
          'failed',
          `step limit reached (${this.config.TASK_MAX_STEPS} model calls)`,
        ));
      if (task.tokensIn + task.tokensOut >= this.config.TASK_MAX_TOKENS) {
        return void (await this.finish(
          task,
          'failed',
          `token budget reached (${this.config.TASK_MAX_TOKENS} tokens)`,
        ));
      }
      if (!profile || !client)
        return void (await this.finish(task, 'failed', 'the provider profile of this task was deleted'));
      const capped = costCapReached(task.cost, taskCostCap(profile.limits, this.config.TASK_MAX_COST_USD));
      if (capped) return void (await this.finish(task, 'failed', capped));
      const broke = await this.budgets.exhausted(task.workspaceId);
      if (broke) return void (await this.finish(task, 'failed', broke));
      if ((await this.turn(task, mode, profile, client, conv, conv.lastTurn + 1, signal)) === 'stop') return;
    }
  }

  /** Streams one model answer and records it (once, when complete). */
  private async turn(
    task: Task,
    mode: Mode,
    profile: ProviderProfile,
    client: LlmClient,
    conv: Conversation,
    turn: number,
    signal: AbortSignal,
  ): Promise<Step> {
    const allowed = toolsForGroups(mode.groups);
    const tools = await this.mcp.offer(
      task.workspaceId,
      TOOL_SPECS.filter((t) => allowed.has(t.name)),
    );
    const system = await this.systemPrompt(
      task,
      mode,
      tools.map((t) => t.name),
    );
    // Never more than the model's window: condense, drop old turns, or shorten (./context).
    const ctx = {
      conv,
      system,
      tools,
      profile,
      client,
      signal,
      host: {
        record: async (m: NewMessage[]) => void (await this.record(task, m)),
        addUsage: async (u: LlmUsage, cost: number) =>
          void (await this.journal.addUsage(
            task.id,
            {
              tokensIn: u.input,
              tokensOut: u.output,
              cacheReads: u.cacheRead,
              cacheWrites: u.cacheWrite,
              cost,
            },
            { step: false },
          )),
        cost: (u: LlmUsage) => costOf(u, profile.limits ?? {}),
      },
    };
    const prepared = await this.context.prepare(ctx);
    if (prepared.kind === 'reshaped') return 'continue';
    let text = '';
    let reasoning = '';
    let reasoningSignature = '';
    const calls: LlmToolCall[] = [];
    let usage: LlmUsage | null = null;
    const prompt = [{ role: 'system' as const, content: system }, ...prepared.messages];
    let lastPartial = 0;
    try {
      for await (const ev of client.stream(prompt, tools, signal)) {
        if (ev.type === 'text') {
          text += ev.delta;
          if (Date.now() - lastPartial >= PARTIAL_EVERY_MS) {
            lastPartial = Date.now();
            // The text is recorded after api_req_started, and after the reasoning when there is one.
            const partialSeq = task.lastSeq + (reasoning.trim() ? 3 : 2);
            this.journal.partial(task.id, partialSeq, storable(text, client.redact));
          }
        } else if (ev.type === 'reasoning') {
          reasoning += ev.delta;
          if (ev.signature) reasoningSignature = ev.signature;
        } else if (ev.type === 'tool_call') calls.push(ev.call);
        else usage = ev.usage;
      }
    } catch (e) {
      if (signal.aborted || isAbort(e)) return 'stop';
      const reason = e instanceof LlmError ? e.message : `model call failed: ${(e as Error).message}`;
      // The provider counts differently from our estimate: drop older turns and try again (3 times in a row at most).
      const tries = this.overflows.get(task.id) ?? 0;
      // Error bodies are dropped (egress policy): a bare 400/413 on a large prompt counts as "too long" too.
      const overflow =
        isContextOverflow(reason) ||
        (/answered (400|413)\b/.test(reason) && prepared.tokens >= prepared.budget.allowed / 2);
      if (e instanceof LlmError && overflow && tries < 3) {
        this.overflows.set(task.id, tries + 1);
        if (await this.context.overflow(ctx)) return 'continue';
      }
      await this.finish(task, 'failed', client.redact(reason).slice(0, 500));
      return 'stop';
    }
    if (signal.aborted) return 'stop';
    this.overflows.delete(task.id);
    // A provider that reports no usage must still run into the token budget.
    const reported = usage ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
    const noInput = !reported.input && !reported.cacheRead && !reported.cacheWrite;
    const noOutput = !reported.output && (text.length > 0 || calls.length > 0);
    if (noInput || noOutput) {
      usage = {
        ...reported,
        input: noInput ? estimateTokens(prompt) : reported.input,
        output: noOutput ? estimateTokens([text, calls]) : reported.output,
      };
    } else usage = reported;
    const estimated = noInput || noOutput;
    // Past the per-turn limit calls are kept by id and name only and answered with an error.
    const cap = this.config.TASK_MAX_TOOL_CALLS_PER_TURN;
    const kept = calls.slice(0, cap).map((c, i) => this.checkedCall(c, turn, i));
    const dropped = calls
      .slice(cap, 1000)
      .map((c, i) => ({ id: safeId(c.id, turn, cap + i), name: safeId(c.name, turn, cap + i) }));
    // Built-in list price of the model, the profile's own prices on top; cache reads at their price.
    const cost = costOf(usage, profile.limits ?? {}, profile.model);
    for (const [direction, n] of [
      ['input', usage.input],
      ['output', usage.output],
      ['cache_read', usage.cacheRead],
      ['cache_write', usage.cacheWrite],
    ] as const) {
      if (n) this.metrics.llmTokens.inc({ direction, provider: profile.kind }, n);
    }
    const counted = {
      tokensIn: usage.input,
      tokensOut: usage.output,
      cacheReads: usage.cacheRead,
      cacheWrites: usage.cacheWrite,
      cost,
      ...(estimated ? { estimated: true } : {}),
    };
    const messages: NewMessage[] = [
      {
        type: 'say',
        say: 'api_req_started',
        text: JSON.stringify(counted),
        meta: {
          turn,
          toolCalls: kept,
          ...(dropped.length ? { droppedToolCalls: dropped } : {}),
          usage: counted,
          mode: mode.slug,
          seenSeq: conv.seq,
          context: { tokens: prepared.tokens, window: prepared.budget.window },
        },
      },
    ];
    // Roo's `reasoning` say: the model's thinking of this turn (shown folded; never sent back to it).
    if (reasoning.trim())
      messages.push({
        type: 'say',
        say: 'reasoning',
        text: reasoning,
        meta: { turn, ...(reasoningSignature ? { reasoningSignature } : {}) },
      });
    if (text) messages.push({ type: 'say', say: 'text', text, meta: { role: 'assistant', turn } });
    if (calls.length > cap)
      messages.push({
        type: 'say',
        say: 'error',
        text: `The model asked for ${calls.length} tool calls in one turn; only the first ${cap} run, the others were answered with an error.`,
      });
    const userWrote = !calls.length && (await this.journal.queuedAfter(task.id, conv.seq)) > 0;
    if (!calls.length && !userWrote) {
      // A model that answers without a tool is done: its text is the result.
      messages.push({ type: 'say', say: 'completion_result', text, meta: { turn } });
      await this.record(task, messages, { to: 'completed' });
    } else {
      await this.record(task, messages);
    }
    await this.journal.addUsage(task.id, counted);
    // Without a tool call the task is done, unless the user wrote meanwhile: then it goes on.
    return calls.length || userWrote ? 'continue' : 'stop';
  }

  /** A call whose arguments Postgres or the tools cannot take is kept, marked, and answered with an error. */
  private checkedCall(c: LlmToolCall, turn: number, i: number): LlmToolCall {
    const id = safeId(c.id, turn, i);
    const name = unsafeArgument(c.name) ? 'invalid_tool_name' : c.name.slice(0, 200);
    const bad = unsafeArgument(c.input);
    return bad ? { id, name, input: { __invalid_args: bad } } : { id, name, input: c.input };
  }

  /** Carries out the last turn's open tool calls, in order; stops when one needs the user. */
  private async settle(task: Task, mode: Mode, pending: PendingCall[]): Promise<Step> {
    for (const p of pending) {
      const current = await this.journal.task(task.id);
      if (!current || current.status !== 'running') return 'stop';
      // A subtask of this call runs already: wait for it (its end answers the call).
      if (p.subtask) return this.subtasks.awaitPending(current, p);
      const { call } = p;
      const invalid =
        typeof call.input.__invalid_args === 'string'
          ? `tool call refused: ${call.input.__invalid_args}; send the arguments again without it`
          : typeof call.input.__invalid_json === 'string'
            ? 'tool call refused: the arguments are not valid JSON'
            : null;
      const refused = invalid ?? refusal(mode.slug, mode.groups, call.name, call.input);
      if (refused || !(TOOL_SPECS.some((t) => t.name === call.name) || EDIT_TOOLS.includes(call.name))) {
        const content = refused ?? `tool ${call.name} is not available`;
        await this.record(task, [
          {
            type: 'say',
            say: 'error',
            text: content,
            meta: { toolResult: { id: call.id, content, isError: true } },
          },
        ]);
        continue;
      }
      const step = await this.callTool(current, mode, p);
      if (step === 'stop') return 'stop';
      // The rest of the turn runs under the new mode's rules (the loop resolves it again).
      if (call.name === 'switch_mode') return 'continue';
    }
    return 'continue';
  }

  /**
   * For a call that needs the user's yes: 'approved' once given; otherwise records the ask
   * (or the denial) and tells the caller which step to return.
   */
  private async approval(
    task: Task,
    p: PendingCall,
    display: Record<string, unknown>,
  ): Promise<'approved' | Step> {
    if (p.response?.response === 'approve') return 'approved';
    if (p.response?.response === 'deny') {
      const feedback = p.response.text.trim() ? `\nThe user said: ${p.response.text.trim()}` : '';
      await this.record(task, [
        {
          type: 'say',
          say: 'tool',
          text: JSON.stringify(display),
          meta: {
            toolResult: {
              id: p.call.id,
              content: `The user denied this operation.${feedback}`,
              isError: true,
            },
          },
        },
      ]);
      return 'continue';
    }
    if (p.asked) return this.wait(task);
    await this.record(
      task,
      [{ type: 'ask', ask: 'tool', text: JSON.stringify(display), meta: { toolCall: compactCall(p.call) } }],
      {
        to: 'waiting_for_input',
      },
    );
    return 'stop';
  }

  /** Levels above a task (0 for a user's task), counted up to `limit` + 1. */
  private async depthOf(task: Task, limit: number): Promise<number> {
    let depth = 0;
    for (let parent = task.parentId; parent && depth <= limit; depth++)
      parent = (await this.journal.task(parent))?.parentId ?? null;
    return depth;
  }

  /** Why this task may not start another subtask now, or null. */
  private async subtaskLimit(task: Task, p: PendingCall): Promise<string | null> {
    const c = this.config;
    if (p.sameToolBefore >= c.TASK_MAX_NEW_TASKS_PER_TURN)
      return `only ${c.TASK_MAX_NEW_TASKS_PER_TURN} new_task call(s) per turn run; start further subtasks in later turns`;
    if ((await this.depthOf(task, c.TASK_MAX_SUBTASK_DEPTH)) + 1 > c.TASK_MAX_SUBTASK_DEPTH)
      return `subtasks may nest at most ${c.TASK_MAX_SUBTASK_DEPTH} levels deep; do this work in this task`;
    if ((await this.journal.countChildren(task.id)) >= c.TASK_MAX_CHILDREN)
      return `this task has started its ${c.TASK_MAX_CHILDREN} subtasks; do the rest in this task`;
    return null;
  }

  private async callTool(task: Task, mode: Mode, p: PendingCall): Promise<Step> {
    const { call } = p;
    const ws = task.workspaceId;
    const say = (o: ToolOutcome) =>
      this.record(task, [
        {
          type: 'say',
          say: 'tool',
          text: JSON.stringify(o.display),
          meta: { toolResult: { id: call.id, content: o.content, isError: o.isError } },
        },
      ]);
    switch (call.name) {
      case 'use_mcp_tool':
      case 'access_mcp_resource':
        return this.mcp.handle(task, p, {
          record: (m, change) => this.record(task, m, change),
          wait: () => this.wait(task),
        });
      case 'execute_command':
        return this.commands.execute(task, p);
      case 'read_file':
        await say(await this.tools.readFile(ws, call.input));
        return 'continue';
      case 'list_files':
        await say(await this.tools.listFiles(ws, call.input));
        return 'continue';
      case 'search_files':
        await say(await this.tools.searchFiles(ws, call.input));
        return 'continue';
      case 'write_to_file':
      case 'apply_diff':
      case 'edit':
      case 'search_and_replace':
      case 'search_replace':
      case 'edit_file': {
        if (task.autoApprove?.write || p.response?.response === 'approve') {
          await say(await this.tools.write(ws, call.name, call.input, task.createdBy));
          return 'continue';
        }
        if (p.response?.response === 'deny') {
          const feedback = p.response.text.trim() ? `\nThe user said: ${p.response.text.trim()}` : '';
          const preview = await this.tools.preview(ws, call.name, call.input);
          await say({
            content: `The user denied this operation.${feedback}`,
            isError: true,
            display: preview.display,
          });
          return 'continue';
        }
        if (p.asked) return this.wait(task);
        const preview = await this.tools.preview(ws, call.name, call.input);
        if (preview.isError) {
          await say(preview);
          return 'continue';
        }
        await this.record(
          task,
          [
            {
              type: 'ask',
              ask: 'tool',
              text: JSON.stringify(preview.display),
              meta: { toolCall: compactCall(call) },
            },
          ],
          {
            to: 'waiting_for_input',
          },
        );
        return 'stop';
      }
      case 'ask_followup_question': {
        if (p.asked) return this.wait(task);
        const question = str(call.input.question) || 'I need more information to continue.';
        const suggestions = followUpSuggestions(call.input.follow_up);
        await this.record(
          task,
          [{ type: 'ask', ask: 'followup', text: question, meta: { toolCall: call, suggestions } }],
          {
            to: 'waiting_for_input',
          },
        );
        return 'stop';
      }
      case 'attempt_completion': {
        const result = str(call.input.result);
        // The user wrote meanwhile: the model must read it before it may finish.
        if (await this.journal.queuedAfter(task.id, p.seenSeq)) {
          await say({
            content:
              'Not completed: the user sent a message while you worked (it follows). Read it and continue; call attempt_completion again when done.',
            isError: true,
            display: { tool: 'attemptCompletion', deferred: true },
          });
          return 'continue';
        }
        await this.record(
          task,
          [
            {
              type: 'say',
              say: 'completion_result',
              text: result,
              meta: { toolResult: { id: call.id, content: 'The task was marked complete.', isError: false } },
            },
          ],
          { to: 'completed' },
        );
        return 'stop';
      }
      case 'update_todo_list': {
        const todos = str(call.input.todos);
        await this.journal.setFields(task.id, { todos });
        await say({
          content: 'Todo list updated.',
          isError: false,
          display: { tool: 'updateTodoList', todos },
        });
        return 'continue';
      }
      case 'switch_mode': {
        const slug = str(call.input.mode_slug);
        const target = await this.modes.resolve(ws, slug);
        if (!target) {
          await say({
            content: `mode ${slug} does not exist`,
            isError: true,
            display: { tool: 'switchMode', mode: slug },
          });
          return 'continue';
        }
        const display = { tool: 'switchMode', mode: target.slug, reason: str(call.input.reason) };
        // A mode with more rights (other tools, other files) is the user's call, not the model's.
        if (widerRights(mode.groups, target.groups) && !task.autoApprove?.modeSwitch) {
          const gate = await this.approval(task, p, display);
          if (gate !== 'approved') return gate;
        }
        await this.journal.setFields(task.id, { mode: target.slug });
        await say({ content: `Switched to ${target.name} mode.`, isError: false, display });
        return 'continue';
      }
      case 'new_task': {
        const slug = str(call.input.mode);
        const message = str(call.input.message);
        const display = { tool: 'newTask', mode: slug, content: message };
        const target = await this.modes.resolve(ws, slug);
        if (!target || !message.trim()) {
          await say({
            content: `cannot start a subtask: mode ${slug} does not exist or the message is empty`,
            isError: true,
            display,
          });
          return 'continue';
        }
        const limit = await this.subtaskLimit(task, p);
        if (limit) {
          await say({ content: `cannot start a subtask: ${limit}`, isError: true, display });
          return 'continue';
        }
        const wider = widerRights(mode.groups, target.groups) !== null;
        if (wider && !task.autoApprove?.modeSwitch) {
          const gate = await this.approval(task, p, display);
          if (gate !== 'approved') return gate;
        }
        // The parent waits (holding no worker) until the subtask's end answers this call.
        return this.subtasks.start(task, p, {
          mode: target.slug,
          prompt: message,
          todos: str(call.input.todos),
          autoApprove: childAutoApprove(task.autoApprove, wider),
          display,
        });
      }
      default:
        await say({
          content: `tool ${call.name} is not available`,
          isError: true,
          display: { tool: call.name },
        });
        return 'continue';
    }
  }

  /** An ask is already out (a re-run before the answer): make sure the task shows it waits. */
  private async wait(task: Task): Promise<Step> {
    const t = await this.journal.task(task.id);
    if (t?.status === 'running') await this.journal.setStatus(task.id, 'waiting_for_input');
    return 'stop';
  }

  /** Every message is made storable (no NUL, no lone surrogates) and key-free before it is written. */
  private async record(
    task: Task,
    messages: NewMessage[],
    change?: { to: TaskStatus; patch?: { error?: string | null } },
  ) {
    const redact = this.redact(task.id);
    const clean = (s: string) => storable(s, redact);
    const safe = messages.map((m) => ({
      ...m,
      ...(m.text !== undefined ? { text: clean(m.text) } : {}),
      ...(m.meta ? { meta: redactDeep(m.meta, clean) } : {}),
    }));
    const patch = change?.patch?.error
      ? { ...change.patch, error: clean(change.patch.error) }
      : change?.patch;
    return this.journal.record(task.id, safe, change && { ...change, patch });
  }

  async finish(task: Task, to: 'failed' | 'completed', reason?: string): Promise<void> {
    const current = await this.journal.task(task.id);
    if (!current || current.status !== 'running') return;
    this.logger.log(`task ${task.id} ${to}${reason ? `: ${this.redact(task.id)(reason)}` : ''}`);
    if (to === 'failed')
      await this.record(task, [{ type: 'say', say: 'error', text: reason ?? 'failed' }], {
        to: 'failed',
        patch: { error: reason ?? 'failed' },
      });
    else await this.journal.setStatus(task.id, to);
  }

  /** Roo's sections plus the workspace rules (.roo/rules*, .roorules*, AGENTS.md): see ./prompt. */
  private async systemPrompt(task: Task, mode: Mode, toolNames: string[]): Promise<string> {
    const modes = await this.modes.available(task.workspaceId);
    const built = await buildSystemPrompt({
      workspaceId: task.workspaceId,
      mode,
      toolNames,
      modes,
      todos: task.todos,
      mcpServers: await this.mcp.promptSection(task.workspaceId, toolNames),
      files: this.files,
    });
    return built.prompt;
  }
}

/** A subtask never gets more auto-approval than its parent; file writes only when its mode is not wider. */
export function childAutoApprove(parent: AutoApprove | undefined, widerMode: boolean): AutoApprove {
  return {
    read: parent?.read ?? true,
    write: !!parent?.write && (!widerMode || !!parent?.modeSwitch),
    modeSwitch: !!parent?.modeSwitch,
  };
}
