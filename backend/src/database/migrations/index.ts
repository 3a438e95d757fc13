import { Foundation1764079200000 } from './1764079200000-Foundation.js';
import { Tasks1764200000000 } from './1764200000000-Tasks.js';
import { WorkspaceInvitations1764920000000 } from './1764920000000-WorkspaceInvitations.js';
import { WorkspaceCommands1764940000000 } from './1764940000000-WorkspaceCommands.js';
import { Git1764950000000 } from './1764950000000-Git.js';
import { ModeInstructions1764970000000 } from './1764970000000-ModeInstructions.js';
import { WorkspaceBudgets1764970000001 } from './1764970000001-WorkspaceBudgets.js';
import { McpServers1764980000000 } from './1764980000000-McpServers.js';
import { Subtasks1764990000000 } from './1764990000000-Subtasks.js';
import { UserIdentities1765000000000 } from './1765000000000-UserIdentities.js';
import { AccountSecurity1765010000000 } from './1765010000000-AccountSecurity.js';
import { PushSubscriptions1765020000000 } from './1765020000000-PushSubscriptions.js';
import { TaskImports1765030000000 } from './1765030000000-TaskImports.js';

/** Every migration, in order. A landed migration never changes; fix mistakes with a new one. */
export const migrations = [
  Foundation1764079200000,
  Tasks1764200000000,
  WorkspaceInvitations1764920000000,
  WorkspaceCommands1764940000000,
  Git1764950000000,
  ModeInstructions1764970000000,
  WorkspaceBudgets1764970000001,
  McpServers1764980000000,
  Subtasks1764990000000,
  UserIdentities1765000000000,
  AccountSecurity1765010000000,
  PushSubscriptions1765020000000,
  TaskImports1765030000000,
];
