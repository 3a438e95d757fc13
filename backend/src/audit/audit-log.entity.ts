import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_logs')
export class AuditLog {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text') action: string;
  @Column('text', { nullable: true }) target: string | null;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('jsonb', { default: {} }) meta: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz', name: 'at' }) createdAt: Date;
}
