import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const PROVIDER_KINDS = ['openai', 'anthropic'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Per-profile limits and prices (USD per million tokens); every field is optional. */
export interface ProviderLimits {
  maxOutputTokens?: number;
  /** The model's context window in tokens (overrides the built-in table of agent/context). */
  contextWindow?: number;
  /** Condense the conversation at this % of the context window (overrides CONTEXT_CONDENSE_THRESHOLD_PERCENT). */
  condenseThresholdPercent?: number;
  inputPricePerMTok?: number;
  outputPricePerMTok?: number;
  cacheReadPricePerMTok?: number;
  cacheWritePricePerMTok?: number;
  /** A task using this profile stops once it has cost this much (USD); overrides TASK_MAX_COST_USD, 0 = no cap. */
  maxTaskCostUsd?: number;
}

/** A workspace's LLM endpoint. The API key is stored sealed (AES-256-GCM) and never leaves the server. */
@Entity('provider_profiles')
export class ProviderProfile {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') workspaceId: string;
  @Column('text') name: string;
  @Column('text') kind: ProviderKind;
  @Column('text', { nullable: true }) baseUrl: string | null;
  @Column('text') model: string;
  @Column('text', { nullable: true }) apiKeyEnc: string | null;
  @Column('text', { nullable: true }) apiKeyHint: string | null;
  @Column('jsonb', { default: {} }) limits: ProviderLimits;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
