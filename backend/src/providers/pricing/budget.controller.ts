import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsNumber, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { CurrentUser, type AuthUser } from '../../auth/auth-user.js';
import { BudgetService } from './budget.service.js';

export class SetBudgetDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'USD per calendar month (UTC); null removes the limit',
  })
  @ValidateIf((_o, v) => v !== null)
  @IsNumber({ maxDecimalPlaces: 6 })
  @Min(0)
  @Max(10_000_000)
  monthlyLimitUsd: number | null;
}

export class UsageQuery {
  @ApiPropertyOptional({ example: '2026-11', description: 'month (UTC); the current one when absent' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month?: string;
}

export class BudgetView {
  @ApiProperty({ nullable: true, type: Number }) monthlyLimitUsd: number | null;
  @ApiProperty({ example: '2026-11-01' }) month: string;
  @ApiProperty() spentUsd: number;
  @ApiProperty() exhausted: boolean;
}

export class UsageRowView {
  @ApiProperty({ nullable: true, type: String }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) displayName: string | null;
  @ApiProperty({ nullable: true, type: String }) model: string | null;
  @ApiProperty() tasks: number;
  @ApiProperty() tokensIn: number;
  @ApiProperty() tokensOut: number;
  @ApiProperty() cacheReads: number;
  @ApiProperty() cacheWrites: number;
  @ApiProperty() costUsd: number;
}

@ApiTags('budget')
@ApiBearerAuth()
@Controller('workspaces/:ws')
export class BudgetController {
  constructor(private readonly budgets: BudgetService) {}

  @Get('budget')
  @ApiOkResponse({ type: BudgetView })
  get(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string) {
    return this.budgets.view(user, ws);
  }

  /** Workspace admins set or raise the monthly budget. */
  @Put('budget')
  @ApiOkResponse({ type: BudgetView })
  set(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string, @Body() dto: SetBudgetDto) {
    return this.budgets.set(user, ws, dto.monthlyLimitUsd);
  }

  @Get('usage')
  @ApiOkResponse({ type: [UsageRowView] })
  usage(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string, @Query() q: UsageQuery) {
    return this.budgets.usage(user, ws, q.month ? `${q.month}-01` : undefined);
  }
}
