import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { McpClientPool } from './mcp-client-pool.js';
import { McpDiscoveryConsumer, McpDiscoveryQueue } from './mcp-discovery.js';
import { McpServer } from './mcp-server.entity.js';
import { McpTools } from './mcp-tools.js';
import { McpController } from './mcp.controller.js';
import { McpService } from './mcp.service.js';

/**
 * Remote MCP servers: registration REST (api role), discovery and tool calls (worker role,
 * the only one that connects). docs/mcp.md.
 */
@Module({
  imports: [TypeOrmModule.forFeature([McpServer]), WorkspacesModule],
  controllers: [McpController],
  providers: [McpService, McpDiscoveryQueue, McpDiscoveryConsumer, McpClientPool, McpTools],
  exports: [McpTools],
})
export class McpModule {}
