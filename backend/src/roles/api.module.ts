import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { AccountModule } from '../account/account.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { MfaModule } from '../auth/mfa/mfa.module.js';
import { SsoModule } from '../auth/oidc/sso.module.js';
import { CheckpointsModule } from '../checkpoints/checkpoints.module.js';
import { ExportLinksModule } from '../files/export-links.module.js';
import { FilesModule } from '../files/files.module.js';
import { GitModule } from '../git/git.module.js';
import { HealthModule } from '../health/health.module.js';
import { McpModule } from '../mcp/mcp.module.js';
import { ModesModule } from '../modes/modes.module.js';
import { PushModule } from '../push/push.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { SandboxModule } from '../sandbox/sandbox.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { UsersModule } from '../users/users.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { CoreModule, type CoreOptions } from './core.module.js';

/** The `api` role: REST + Socket.IO. It never runs agent loops. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, options: CoreOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(config, options),
        HealthModule,
        UsersModule,
        AuthModule,
        SsoModule,
        AccountModule,
        MfaModule,
        WorkspacesModule,
        FilesModule,
        ExportLinksModule,
        ProvidersModule,
        ModesModule,
        TasksModule,
        GitModule,
        CheckpointsModule,
        RealtimeModule,
        SandboxModule,
        McpModule,
        PushModule,
      ],
    };
  }
}
