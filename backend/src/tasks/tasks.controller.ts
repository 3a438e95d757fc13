import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { LimitTaskQueue } from '../admission/task-queue.guard.js';
import { ClientIp, CurrentUser, type AuthUser } from '../auth/auth-user.js';
import {
  CreateTaskDto,
  ListTasksQuery,
  MessagesQuery,
  RespondDto,
  ResumeDto,
  SendMessageDto,
  TaskView,
  TodosDto,
} from './dto.js';
import { TasksService } from './tasks.service.js';
import { TaskMessageDto, TaskPage } from './views.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('workspaces/:ws/tasks')
export class WorkspaceTasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOkResponse({ type: TaskPage })
  list(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Query() query: ListTasksQuery,
  ): Promise<TaskPage> {
    return this.tasks.list(user, ws, query);
  }

  @Post()
  @LimitTaskQueue()
  @ApiCreatedResponse({ type: TaskView })
  create(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string, @Body() dto: CreateTaskDto) {
    return this.tasks.create(user, ws, dto);
  }
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get(':id')
  @ApiOkResponse({ type: TaskView })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.tasks.get(user, id);
  }

  @Get(':id/messages')
  @ApiOkResponse({ type: [TaskMessageDto] })
  messages(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: MessagesQuery,
  ): Promise<TaskMessageDto[]> {
    return this.tasks.messages(user, id, q.afterSeq, q.limit);
  }

  @Post(':id/respond')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskView })
  respond(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RespondDto) {
    return this.tasks.respond(user, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskView })
  cancel(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.tasks.cancel(user, id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskView })
  resume(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ResumeDto) {
    return this.tasks.resume(user, id, dto.text);
  }

  /** A message to the task: queued for its next turn while it runs; continues a finished task. */
  @Post(':id/messages')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskView })
  send(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SendMessageDto) {
    return this.tasks.send(user, id, dto.text);
  }

  @Put(':id/todos')
  @ApiOkResponse({ type: TaskView })
  editTodos(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: TodosDto) {
    return this.tasks.editTodos(user, id, dto.todos);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @ClientIp() ip: string) {
    return this.tasks.remove(user, id, ip);
  }
}
