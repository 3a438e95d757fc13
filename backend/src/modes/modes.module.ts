import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { Mode } from './mode.entity.js';
import { ModesController } from './modes.controller.js';
import { ModesService } from './modes.service.js';

/** Modes; the controller is only served by the api role (the worker has no HTTP routes). */
@Module({
  imports: [TypeOrmModule.forFeature([Mode]), WorkspacesModule],
  controllers: [ModesController],
  providers: [ModesService],
  exports: [ModesService],
})
export class ModesModule {}
