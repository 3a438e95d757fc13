import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  ASK_KINDS,
  SAY_KINDS,
  type AskKind,
  type MessageMeta,
  type SayKind,
  type TaskMessageView,
} from '../realtime/contract.js';
import { TaskView } from './dto.js';

/**
 * A task message over REST: the same shape as the socket's TaskMessageView (realtime/contract.ts).
 * `meta` is described as an open object; the contract module types its fields.
 */
export class TaskMessageDto implements TaskMessageView {
  @ApiProperty() seq: number;
  @ApiProperty({ description: 'epoch milliseconds' }) ts: number;
  @ApiProperty({ enum: ['ask', 'say'] }) type: 'ask' | 'say';
  @ApiPropertyOptional({ enum: ASK_KINDS, enumName: 'AskKind' }) ask?: AskKind;
  @ApiPropertyOptional({ enum: SAY_KINDS, enumName: 'SayKind' }) say?: SayKind;
  @ApiProperty() text: string;
  @ApiProperty() partial: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'see MessageMeta in the realtime contract',
  })
  meta: MessageMeta;
}

export class TaskPage {
  @ApiProperty({ type: [TaskView] }) items: TaskView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `cursor` for the next page' })
  nextCursor: string | null;
}

/** A task as a public share link shows it: the work, not who did it or where it lives. */
export class SharedTaskInfo extends OmitType(TaskView, [
  'createdBy',
  'autoApprove',
  'workspaceId',
  'providerId',
  'parentId',
] as const) {}

export class SharedTaskView {
  @ApiProperty({ type: SharedTaskInfo }) task: SharedTaskInfo;
  @ApiProperty({ type: [TaskMessageDto] }) messages: TaskMessageDto[];
  @ApiProperty() expiresAt: Date;
}

/** A Roo/Zoo Code history imported as a read-only task. */
export class HistoryImportView {
  @ApiProperty({ type: TaskView }) task: TaskView;
  @ApiProperty({ description: 'messages kept' }) messages: number;
  @ApiProperty({ type: [String], description: 'what was left out or changed, for the person importing' })
  notes: string[];
}
