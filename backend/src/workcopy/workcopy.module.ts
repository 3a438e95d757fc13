import { Module } from '@nestjs/common';
import { WorkcopyService } from './workcopy.service.js';

/** Per-task working copies (worker role); the bucket client and the data source are global. */
@Module({ providers: [WorkcopyService], exports: [WorkcopyService] })
export class WorkcopyModule {}
