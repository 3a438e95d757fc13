import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const TOOL_GROUPS = ['read', 'edit', 'command', 'mcp', 'modes'] as const;
export type ToolGroup = (typeof TOOL_GROUPS)[number];
/** Options of a group entry, as in Roo-Code: an edit group may be limited to paths matching a regex. */
export interface GroupOptions {
  fileRegex?: string;
  description?: string;
}
/** Roo-Code's GroupEntry: a group name, or `[name, options]`. */
export type GroupEntry = ToolGroup | [ToolGroup, GroupOptions];

/** A mode, shaped like Roo-Code's ModeConfig. `workspaceId` null = built-in. */
@Entity('modes')
export class Mode {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { nullable: true }) workspaceId: string | null;
  @Column('text') slug: string;
  @Column('text') name: string;
  @Column('text') roleDefinition: string;
  @Column('text', { default: '' }) whenToUse: string;
  @Column('text', { default: '' }) customInstructions: string;
  @Column('jsonb', { default: [] }) groups: GroupEntry[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
