import { ApiProperty } from '@nestjs/swagger';
import type { CheckpointKind } from './checkpoint.entity.js';

/** Response shapes of the checkpoint routes, as the OpenAPI document (and so the UI's types) shows them. */
export class ChangedFileView {
  @ApiProperty({ enum: ['A', 'M', 'D', 'T'], description: 'A added, M modified, D deleted, T type changed' })
  status: 'A' | 'M' | 'D' | 'T';
  @ApiProperty() path: string;
}

const KINDS: CheckpointKind[] = ['initial', 'step', 'restore'];

export class CheckpointView {
  @ApiProperty() seq: number;
  @ApiProperty() commit: string;
  @ApiProperty({ enum: KINDS, enumName: 'CheckpointKind' }) kind: CheckpointKind;
  @ApiProperty() message: string;
  @ApiProperty({ type: [ChangedFileView] }) files: ChangedFileView[];
  @ApiProperty() filesChanged: number;
  @ApiProperty() createdAt: Date;
}

export class CheckpointDiffView extends CheckpointView {
  @ApiProperty() patch: string;
  @ApiProperty({ description: 'the patch was cut at the size limit' }) truncated: boolean;
}

const CHANGES = ['added', 'modified', 'deleted'] as const;

export class SyncConflictView {
  @ApiProperty() path: string;
  @ApiProperty({ enum: CHANGES, description: 'what the restore did to the file' })
  ours: (typeof CHANGES)[number];
  @ApiProperty({ enum: CHANGES, description: 'what someone else did meanwhile' })
  theirs: (typeof CHANGES)[number];
}

export class RestoreResultView {
  @ApiProperty() restoredFrom: number;
  @ApiProperty({ nullable: true, type: String }) path: string | null;
  @ApiProperty({ type: [ChangedFileView] }) files: ChangedFileView[];
  @ApiProperty({ type: [SyncConflictView] }) conflicts: SyncConflictView[];
  @ApiProperty({ nullable: true, type: CheckpointView }) checkpoint: CheckpointView | null;
}
