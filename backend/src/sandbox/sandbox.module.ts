import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { BwrapDriver } from './bwrap-driver.js';
import { CommandSettingsController, CommandSettingsService } from './command-settings.js';
import { toolBinds } from './tool-binds.js';
import { SANDBOX_DRIVER } from './sandbox-driver.js';

/** The sandbox driver (worker) and each workspace's command settings (API + worker). */
@Module({
  imports: [WorkspacesModule],
  controllers: [CommandSettingsController],
  providers: [
    CommandSettingsService,
    {
      provide: SANDBOX_DRIVER,
      useFactory: (c: AppConfig) => new BwrapDriver(toolBinds(c)),
      inject: [APP_CONFIG],
    },
  ],
  exports: [CommandSettingsService, SANDBOX_DRIVER],
})
export class SandboxModule {}
