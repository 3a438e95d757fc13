import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { normalizePath } from '../files/file-path.js';
import { commandDecision } from '../sandbox/command-policy.js';
import { CommandSettingsService } from '../sandbox/command-settings.js';
import {
  SANDBOX_DRIVER,
  SANDBOX_WORKDIR,
  type SandboxDriver,
  type SandboxLimits,
} from '../sandbox/sandbox-driver.js';
import type { NewMessage, Task } from '../tasks/entities.js';
import { TaskJournal } from '../tasks/task-journal.service.js';
import { checkParents } from '../workcopy/copy-fs.js';
import { conflictText, WorkcopyService } from '../workcopy/workcopy.service.js';
import type { PendingCall } from './history.js';

type Step = 'continue' | 'stop';
const PARTIAL_EVERY_MS = 100;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function limitsFrom(c: AppConfig): SandboxLimits {
  return {
    timeoutMs: c.SANDBOX_TIMEOUT_MS,
    cpuSeconds: c.SANDBOX_CPU_SECONDS,
    memoryBytes: c.SANDBOX_MEMORY_BYTES,
    maxProcesses: c.SANDBOX_MAX_PROCESSES,
    fileMaxBytes: c.SANDBOX_FILE_MAX_BYTES,
    diskMaxBytes: c.SANDBOX_DISK_MAX_BYTES,
    outputMaxBytes: c.SANDBOX_OUTPUT_MAX_BYTES,
    tmpBytes: c.SANDBOX_TMP_BYTES,
  };
}

/**
 * Roo Code's execute_command: a shell command in the task's working copy, inside the
 * sandbox. It asks first (a `command` ask) unless the task auto-approves `execute` and
 * every part of the line matches the workspace's allowed prefixes; denied prefixes never
 * run. Output streams as `command_output` partials; the result (capped) and the exit code
 * go back to the model; the copy is synced right after.
 */
@Injectable()
export class CommandTool {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SANDBOX_DRIVER) private readonly driver: SandboxDriver,
    private readonly journal: TaskJournal,
    private readonly copies: WorkcopyService,
    private readonly settings: CommandSettingsService,
  ) {}

  private result(task: Task, id: string, content: string, isError: boolean, extra: Partial<NewMessage> = {}) {
    return this.journal.record(task.id, [
      {
        type: 'say',
        say: 'command_output',
        text: '',
        ...extra,
        meta: { ...extra.meta, toolResult: { id, content, isError } },
      },
    ]);
  }

  /** The folder to start in, relative to the copy ('' = its root), or why it is refused. */
  private async workdir(copyDir: string, input: string): Promise<{ cwd: string } | { error: string }> {
    let rel = input.trim();
    if (rel === SANDBOX_WORKDIR || rel.startsWith(`${SANDBOX_WORKDIR}/`))
      rel = rel.slice(SANDBOX_WORKDIR.length);
    rel = rel.replace(/^\/+/, '').replace(/\/+$/, '');
    if (rel === '' || rel === '.') return { cwd: '' };
    try {
      rel = normalizePath(rel);
      await checkParents(copyDir, `${rel}/x`);
      const st = await lstat(join(copyDir, rel)).catch(() => null);
      if (!st?.isDirectory()) return { error: `cwd ${rel} is not a folder of the workspace` };
      return { cwd: rel };
    } catch (e) {
      return { error: `cwd refused: ${(e as Error).message}` };
    }
  }

  async execute(task: Task, p: PendingCall): Promise<Step> {
    const { call } = p;
    const command = str(call.input.command).trim();
    const ctx = this.copies.current.getStore();
    if (!command) {
      await this.result(task, call.id, 'command is required', true);
      return 'continue';
    }
    if (!ctx) {
      await this.result(task, call.id, 'commands need a working copy; this run has none', true);
      return 'continue';
    }
    const where = await this.workdir(ctx.copy.dir, str(call.input.cwd));
    if ('error' in where) {
      await this.result(task, call.id, where.error, true, { meta: { command } });
      return 'continue';
    }
    const settings = await this.settings.forWorkspace(task.workspaceId);
    const decision = commandDecision(command, settings.allowedCommands, settings.deniedCommands);
    if (decision.decision === 'deny') {
      await this.result(
        task,
        call.id,
        `The command was not run: "${decision.part}" matches the workspace's denied prefix "${decision.prefix}".`,
        true,
        { meta: { command } },
      );
      return 'continue';
    }
    const auto = task.autoApprove?.execute === true && decision.decision === 'allow';
    if (!auto && p.response?.response !== 'approve') {
      if (p.response?.response === 'deny') {
        const feedback = p.response.text.trim() ? `\nThe user said: ${p.response.text.trim()}` : '';
        await this.result(task, call.id, `The user denied this command.${feedback}`, true, {
          meta: { command },
        });
        return 'continue';
      }
      if (p.asked) {
        const t = await this.journal.task(task.id);
        if (t?.status === 'running') await this.journal.setStatus(task.id, 'waiting_for_input');
        return 'stop';
      }
      await this.journal.record(
        task.id,
        [{ type: 'ask', ask: 'command', text: command, meta: { toolCall: call, command } }],
        { to: 'waiting_for_input' },
      );
      return 'stop';
    }
    const unavailable =
      this.config.SANDBOX_DRIVER === 'off'
        ? 'commands are switched off on this server (SANDBOX_DRIVER=off)'
        : await this.driver.unavailable();
    if (unavailable) {
      await this.result(task, call.id, `The command was not run: ${unavailable}`, true, {
        meta: { command },
      });
      return 'continue';
    }
    // Live output goes out as partials of the message this call records next.
    const seq = task.lastSeq + 1;
    let streamed = '';
    let last = 0;
    let timer: NodeJS.Timeout | undefined;
    const publish = () => {
      timer = undefined;
      last = Date.now();
      this.journal.partial(task.id, seq, streamed);
    };
    const r = await this.driver.run(command, {
      copyDir: ctx.copy.dir,
      cwd: where.cwd,
      limits: limitsFrom(this.config),
      egress: settings.egress,
      uid: ctx.copy.uid,
      signal: ctx.signal,
      onOutput: (text) => {
        streamed += text;
        if (timer) return;
        timer = setTimeout(publish, Math.max(0, PARTIAL_EVERY_MS - (Date.now() - last)));
      },
    });
    if (timer) clearTimeout(timer);
    const sync = await this.copies.syncBack(ctx.copy);
    if (r.killed === 'cancel') return 'stop';
    const notes: string[] = [];
    if (r.timedOut)
      notes.push(`The command was stopped after ${this.config.SANDBOX_TIMEOUT_MS} ms (time limit).`);
    if (r.killed === 'disk')
      notes.push(
        `The command was stopped: the working copy grew past ${this.config.SANDBOX_DISK_MAX_BYTES} bytes.`,
      );
    if (r.truncated) notes.push('The output was truncated; its start and end are shown.');
    if (sync.conflicts.length) notes.push(conflictText(sync.conflicts));
    for (const s of sync.skipped.slice(0, 20)) notes.push(s.reason);
    const exit = r.exitCode ?? (r.signal ? `killed by ${r.signal}` : 'unknown');
    const content = [
      `Command executed in ${SANDBOX_WORKDIR}${where.cwd ? `/${where.cwd}` : ''}. Exit code: ${exit}`,
      ...notes,
      `Output:\n${r.output}`,
    ].join('\n');
    await this.result(task, call.id, content, r.exitCode !== 0, {
      text: r.output,
      meta: { command, exitCode: r.exitCode },
    });
    return 'continue';
  }
}
