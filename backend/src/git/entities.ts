import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const FORGES = ['none', 'github', 'gitlab'] as const;
export type Forge = (typeof FORGES)[number];
export type GitAuthKind = 'token' | 'ssh_key';

/** A workspace's git remote. The token or deploy key is sealed (AES-256-GCM) and never returned. */
@Entity('git_links')
export class GitLink {
  @PrimaryColumn('uuid') workspaceId: string;
  /** Never holds a credential (refused at link time). */
  @Column('text') url: string;
  @Column('text') authKind: GitAuthKind;
  @Column('text', { nullable: true }) username: string | null;
  @Column('text') secretEnc: string;
  @Column('text', { nullable: true }) secretHint: string | null;
  @Column('text', { nullable: true }) knownHosts: string | null;
  @Column('text') defaultBranch: string;
  @Column('text', { default: 'none' }) forge: Forge;
  @Column('text', { nullable: true }) forgeApiUrl: string | null;
  @Column('boolean', { default: false }) autoPush: boolean;
  @Column('boolean', { default: false }) autoPullRequest: boolean;
  @Column('text', { nullable: true }) importedBranch: string | null;
  @Column('text', { nullable: true }) importedCommit: string | null;
  @Column('timestamptz', { nullable: true }) importedAt: Date | null;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

export interface TaskCommit {
  sha: string;
  subject: string;
  at: string;
  filesChanged: number;
}

/** A task's branch on the linked remote: where it started, what was pushed, the pull request. */
@Entity('task_git')
export class TaskGit {
  @PrimaryColumn('uuid') taskId: string;
  @Column('uuid') workspaceId: string;
  @Column('text') branch: string;
  @Column('text') baseBranch: string;
  @Column('text') baseCommit: string;
  @Column('text', { nullable: true }) headCommit: string | null;
  @Column('jsonb', { default: [] }) commits: TaskCommit[];
  @Column('text', { nullable: true }) prUrl: string | null;
  @Column('int', { nullable: true }) prNumber: number | null;
  @Column('text', { nullable: true }) lastError: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
