import { Module, type DynamicModule } from '@nestjs/common';
import { CheckpointsModule } from '../checkpoints/checkpoints.module.js';
import { FilesModule } from '../files/files.module.js';
import { GitModule } from '../git/git.module.js';
import { McpModule } from '../mcp/mcp.module.js';
import { ModesModule } from '../modes/modes.module.js';
import { BREAKER_SETTINGS, DEFAULT_BREAKER } from '../providers/llm-clients.service.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { SandboxModule } from '../sandbox/sandbox.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { WorkcopyModule } from '../workcopy/workcopy.module.js';
import { AgentFileStore } from './agent-file-store.js';
import { AGENT_OPTIONS, DEFAULT_AGENT_OPTIONS, type AgentOptions } from './agent-options.js';
import { AgentRunner } from './agent-runner.js';
import { AgentWorker } from './agent.worker.js';
import { CommandTool } from './command-tool.js';
import { FileTools } from './file-tools.js';
import { TaskWorkcopies } from './task-workcopy.js';

/** The agent loop and its queue consumer; only the worker role imports it. */
@Module({})
export class AgentModule {
  static forRoot(options: Partial<AgentOptions> = {}): DynamicModule {
    const merged = { ...DEFAULT_AGENT_OPTIONS, ...options };
    return {
      module: AgentModule,
      // Global so the circuit settings reach the providers module's client factory.
      global: true,
      imports: [
        TasksModule,
        ModesModule,
        ProvidersModule,
        FilesModule,
        WorkcopyModule,
        SandboxModule,
        McpModule,
        CheckpointsModule,
        GitModule,
      ],
      providers: [
        { provide: AGENT_OPTIONS, useValue: merged },
        { provide: BREAKER_SETTINGS, useValue: { ...DEFAULT_BREAKER, ...merged.breaker } },
        AgentRunner,
        AgentWorker,
        FileTools,
        AgentFileStore,
        CommandTool,
        TaskWorkcopies,
      ],
      exports: [BREAKER_SETTINGS, AgentWorker],
    };
  }
}
