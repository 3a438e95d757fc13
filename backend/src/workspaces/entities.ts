import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const ROLES = ['viewer', 'member', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];
/** viewer < member < admin < owner */
export const roleRank = (r: Role) => ROLES.indexOf(r);

@Entity('workspaces')
export class Workspace {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { default: '' }) description: string;
  @Column('uuid') createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

@Entity('memberships')
export class Membership {
  @PrimaryColumn('uuid') workspaceId: string;
  @PrimaryColumn('uuid') userId: string;
  @Column('text') role: Role;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
