import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Agent } from 'undici';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { egressAgent, egressFetch, type Fetch } from './egress-fetch.js';
import { EgressPolicy } from './egress-policy.js';

/** Service addresses move when containers are replaced; re-resolve them this often. */
const REFRESH_MS = 30_000;
/**
 * How long start-up waits for the first resolution. Names that do not exist where the process
 * runs (the stack's service names outside Docker) can take the resolver's full timeout to
 * fail; the refresh goes on in the background and names are refused by name meanwhile.
 */
const START_WAIT_MS = 2_000;

/** The process's provider egress policy (PROVIDER_EGRESS_*) and the fetch that enforces it. */
@Injectable()
export class EgressService implements OnModuleInit, OnModuleDestroy {
  readonly policy: EgressPolicy;
  readonly fetch: Fetch;
  private readonly agent: Agent;
  private timer?: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.policy = new EgressPolicy({
      allowPrivate: config.PROVIDER_EGRESS_PRIVATE,
      allow: config.PROVIDER_EGRESS_ALLOW,
      deny: config.PROVIDER_EGRESS_DENY,
    });
    this.agent = egressAgent(this.policy);
    this.fetch = egressFetch(this.policy, this.agent);
  }

  async onModuleInit(): Promise<void> {
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([
      this.policy.refreshDeniedAddresses(),
      new Promise<void>((resolve) => (waited = setTimeout(resolve, START_WAIT_MS))),
    ]);
    clearTimeout(waited);
    this.timer = setInterval(() => void this.policy.refreshDeniedAddresses(), REFRESH_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.agent.close().catch(() => undefined);
  }
}
