import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A browser that opted in to notifications (its Push API subscription). The endpoint is
 * unique: a browser profile has one, and it belongs to whoever subscribed there last.
 */
@Entity('push_subscriptions')
export class PushSubscription {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('text') endpoint: string;
  /** The browser's P-256 public key (base64url, 65 bytes) and auth secret (base64url, 16 bytes). */
  @Column('text') p256dh: string;
  @Column('text') auth: string;
  @Column('text', { default: '' }) deviceLabel: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) lastSentAt: Date | null;
  @Column('text', { nullable: true }) lastError: string | null;
}
