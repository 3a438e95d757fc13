import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A tool as the server listed it (description and schema capped when stored). */
export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
}

export interface McpResourceInfo {
  uri: string;
  name: string;
  description?: string;
  mimeType?: string;
}

export const MCP_STATUSES = ['unknown', 'connected', 'error'] as const;
export type McpStatus = (typeof MCP_STATUSES)[number];

/**
 * A remote MCP server (Streamable HTTP) registered for a workspace by an admin. Its headers
 * (tokens) are sealed with the provider-key box and never returned; only the tools in
 * `allowedTools` may be called, resources only when `resourcesAllowed`.
 */
@Entity('mcp_servers')
export class McpServer {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') workspaceId: string;
  /** What the model names in use_mcp_tool's server_name: letters, digits, - and _. */
  @Column('text') name: string;
  @Column('text') url: string;
  /** Sealed JSON object of header name → value; null when there are none. */
  @Column('text', { nullable: true }) headersEnc: string | null;
  /** Header name → hint (`Bearer …abcd`), for display. */
  @Column('jsonb', { default: {} }) headerHints: Record<string, string>;
  @Column('boolean', { default: true }) enabled: boolean;
  @Column('jsonb', { default: [] }) allowedTools: string[];
  @Column('boolean', { default: false }) resourcesAllowed: boolean;
  @Column('jsonb', { default: [] }) tools: McpToolInfo[];
  @Column('jsonb', { default: [] }) resources: McpResourceInfo[];
  @Column('text', { default: 'unknown' }) status: McpStatus;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz', { nullable: true }) discoveredAt: Date | null;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
