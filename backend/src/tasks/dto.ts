import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination/cursor.js';
import { TASK_RESPONSES, type TaskResponse } from '../realtime/contract.js';
import type { ImportedFrom } from './entities.js';
import { TASK_STATUSES, type TaskStatus } from './transitions.js';

export class AutoApproveDto {
  @ApiPropertyOptional({ description: 'run read tools without asking (always true today)' })
  @IsOptional()
  @IsBoolean()
  read?: boolean;

  @ApiPropertyOptional({ description: 'apply file edits without asking' })
  @IsOptional()
  @IsBoolean()
  write?: boolean;

  @ApiPropertyOptional({
    description: "run execute_command without asking (the workspace's allow/deny lists still apply)",
  })
  @IsOptional()
  @IsBoolean()
  execute?: boolean;

  @ApiPropertyOptional({
    description:
      'let the model switch_mode or start a new_task in a mode with more rights than the current one without asking (default false)',
  })
  @IsOptional()
  @IsBoolean()
  modeSwitch?: boolean;

  @ApiPropertyOptional({
    description: 'call allowed MCP tools and read MCP resources without asking (default false)',
  })
  @IsOptional()
  @IsBoolean()
  mcp?: boolean;
}

export class CreateTaskDto {
  @ApiProperty({ example: 'Add a README section about tests' })
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  prompt: string;

  @ApiProperty({ example: 'code' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,49}$/, { message: 'mode must be a mode slug' })
  mode: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  providerId: string;

  @ApiPropertyOptional({ type: AutoApproveDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AutoApproveDto)
  autoApprove?: AutoApproveDto;
}

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'comma-separated statuses', example: 'running,waiting_for_input' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value,
  )
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];
}

export class MessagesQuery {
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  afterSeq?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export const RESPONSES = TASK_RESPONSES;
export type { TaskResponse };

export class RespondDto {
  @ApiProperty({ enum: RESPONSES, enumName: 'TaskResponse' })
  @IsIn(RESPONSES)
  response: TaskResponse;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  text?: string;

  @ApiPropertyOptional({
    description:
      "with response answer: the mode of the follow-up suggestion the user picked; the task switches to it (only a mode the question's suggestions offer)",
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,49}$/, { message: 'mode must be a mode slug' })
  mode?: string;
}

export class SendMessageDto {
  @ApiProperty({
    description: 'delivered to the model at its next turn; a finished task continues with it (like resume)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  text: string;
}

export class TodosDto {
  @ApiProperty({
    description: 'the whole list as a Markdown checklist ("[ ] todo", "[x] done", "[-] in progress")',
  })
  @IsString()
  @MaxLength(20_000)
  todos: string;
}

export class ResumeDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  text: string;
}

/** Where an imported task came from, and what it had cost there. */
export class ImportedFromView implements ImportedFrom {
  @ApiProperty({ enum: ['roo'] }) source: 'roo';
  @ApiProperty({ format: 'date-time', description: 'when it was imported' }) at: string;
  @ApiProperty() messages: number;
  @ApiProperty() tokensIn: number;
  @ApiProperty() tokensOut: number;
  @ApiProperty() cacheReads: number;
  @ApiProperty() cacheWrites: number;
  @ApiProperty() cost: number;
}

export class TaskView {
  @ApiProperty() id: string;
  @ApiProperty() workspaceId: string;
  @ApiProperty({ nullable: true, type: String }) parentId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'while status is waiting_for_subtask: the subtask this task waits for',
  })
  awaitingTaskId: string | null;
  @ApiProperty() mode: string;
  @ApiProperty({ nullable: true, type: String }) providerId: string | null;
  @ApiProperty({ enum: TASK_STATUSES, enumName: 'TaskStatus' }) status: TaskStatus;
  @ApiProperty() prompt: string;
  @ApiProperty() title: string;
  @ApiProperty() tokensIn: number;
  @ApiProperty() tokensOut: number;
  @ApiProperty() cacheReads: number;
  @ApiProperty() cacheWrites: number;
  @ApiProperty() cost: number;
  @ApiProperty() steps: number;
  @ApiProperty() lastSeq: number;
  @ApiProperty({ type: AutoApproveDto }) autoApprove: AutoApproveDto;
  @ApiProperty() todos: string;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) completedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({
    nullable: true,
    type: ImportedFromView,
    description:
      'set on a task imported from a Roo Code history (read-only): source, when, and the tokens and cost it had there',
  })
  imported: ImportedFrom | null;
}

export class AckView {
  @ApiProperty() ok: boolean;
}
