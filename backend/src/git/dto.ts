import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { FORGES, type Forge, type TaskCommit } from './entities.js';

export class LinkGitDto {
  @ApiProperty({
    example: 'https://github.com/acme/app.git',
    description: 'https:// or ssh:// (git@host:path); no credentials inside',
  })
  @IsString()
  @MaxLength(500)
  url: string;

  @ApiPropertyOptional({ description: 'HTTPS access token (stored encrypted, never returned)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  token?: string;

  @ApiPropertyOptional({
    description: 'user name sent with the token; default x-access-token (GitHub) or oauth2 (GitLab)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  username?: string;

  @ApiPropertyOptional({
    description: 'SSH deploy key, OpenSSH private key format (stored encrypted, never returned)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  sshPrivateKey?: string;

  @ApiPropertyOptional({
    description: 'known_hosts lines of the ssh server; without them the first key seen is accepted',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  sshKnownHosts?: string;

  @ApiPropertyOptional({ description: "default: the remote's HEAD branch" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  defaultBranch?: string;

  @ApiPropertyOptional({ enum: FORGES, description: 'where pull requests are opened; default from the host' })
  @IsOptional()
  @IsIn(FORGES)
  forge?: Forge;

  @ApiPropertyOptional({
    example: 'https://github.example.com/api/v3',
    description: 'GitHub Enterprise / self-hosted GitLab API root',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  forgeApiUrl?: string;

  @ApiPropertyOptional({ description: "commit and push a task's branch when it completes" })
  @IsOptional()
  @IsBoolean()
  autoPush?: boolean;

  @ApiPropertyOptional({ description: 'open a pull/merge request after an automatic push' })
  @IsOptional()
  @IsBoolean()
  autoPullRequest?: boolean;
}

export class GitLinkView {
  @ApiProperty() workspaceId: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: ['token', 'ssh_key'] }) authKind: string;
  @ApiProperty({ nullable: true, type: String }) username: string | null;
  @ApiProperty({ nullable: true, type: String, example: '…abcd' }) secretHint: string | null;
  @ApiProperty() defaultBranch: string;
  @ApiProperty({ enum: FORGES }) forge: Forge;
  @ApiProperty({ nullable: true, type: String }) forgeApiUrl: string | null;
  @ApiProperty() autoPush: boolean;
  @ApiProperty() autoPullRequest: boolean;
  @ApiProperty({ nullable: true, type: String }) importedBranch: string | null;
  @ApiProperty({ nullable: true, type: String }) importedCommit: string | null;
  @ApiProperty({ nullable: true, type: Date }) importedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class ImportGitDto {
  @ApiPropertyOptional({ description: "the branch to bring in; default: the link's default branch" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  branch?: string;
}

export class SkippedEntryView {
  @ApiProperty() path: string;
  @ApiProperty() reason: string;
}

export class ImportResult {
  @ApiProperty() branch: string;
  @ApiProperty() commit: string;
  @ApiProperty({ type: [String] }) written: string[];
  @ApiProperty({ type: [String] }) deleted: string[];
  @ApiProperty() unchanged: number;
  @ApiProperty({
    type: [String],
    description: 'changed in the workspace since the last import: kept, not overwritten',
  })
  conflicts: string[];
  @ApiProperty({
    type: [SkippedEntryView],
    description: 'entries not imported (symlinks, submodules, names or sizes the workspace refuses)',
  })
  skipped: SkippedEntryView[];
}

export class StartBranchDto {
  @ApiPropertyOptional({ description: 'default: roo/<task short id>-<slug of the title>' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  branch?: string;
}

export class CommitDto {
  @ApiPropertyOptional({ description: "commit message; default: the agent's completion result" })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  message?: string;

  @ApiPropertyOptional({ description: 'open a pull/merge request after the push' })
  @IsOptional()
  @IsBoolean()
  pullRequest?: boolean;
}

export class PullRequestDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(250)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  body?: string;
}

export class TaskCommitView implements TaskCommit {
  @ApiProperty() sha: string;
  @ApiProperty() subject: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() filesChanged: number;
}

export class ChangedPathView {
  @ApiProperty({ description: 'A added, M modified, D deleted, T type changed' }) status: string;
  @ApiProperty() path: string;
}

export class TaskGitView {
  @ApiProperty() taskId: string;
  @ApiProperty() branch: string;
  @ApiProperty() baseBranch: string;
  @ApiProperty() baseCommit: string;
  @ApiProperty({ nullable: true, type: String }) headCommit: string | null;
  @ApiProperty({ type: [TaskCommitView] }) commits: TaskCommitView[];
  @ApiProperty({ nullable: true, type: String }) prUrl: string | null;
  @ApiProperty({ nullable: true, type: Number }) prNumber: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ description: 'the remote, for links to the branch' }) url: string;
}

export class TaskDiffView {
  @ApiProperty() base: string;
  @ApiProperty() head: string;
  @ApiProperty({ type: [ChangedPathView] }) files: ChangedPathView[];
  @ApiProperty() patch: string;
  @ApiProperty() truncated: boolean;
}
