import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { ExportLinksController, ExportLinksService } from './export-links.js';
import { FilesModule } from './files.module.js';

/** Single-use download links for exports (api role; needs the sign-in check of AuthModule). */
@Module({
  imports: [FilesModule, WorkspacesModule, AuthModule],
  controllers: [ExportLinksController],
  providers: [ExportLinksService],
})
export class ExportLinksModule {}
