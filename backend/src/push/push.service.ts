import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { BadInputError, NotFoundError, ServiceUnavailableError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EgressRefusedError } from '../providers/egress/egress-policy.js';
import type { PushConfigView, PushSubscriptionView, SubscribePushDto } from './dto.js';
import { checkPushEndpoint, pushEgressPolicy } from './push-egress.js';
import type { PushSubscription } from './push-subscription.entity.js';
import { PushRepository } from './push.repository.js';
import { vapidKeys, type VapidKeys } from './vapid.js';
import { createPublicKey } from 'node:crypto';

const toView = (s: PushSubscription): PushSubscriptionView => ({
  id: s.id,
  endpoint: s.endpoint,
  deviceLabel: s.deviceLabel,
  createdAt: s.createdAt.toISOString(),
  lastSentAt: s.lastSentAt?.toISOString() ?? null,
  lastError: s.lastError,
});

/** Whether `raw` is an uncompressed P-256 point on the curve (what a browser's p256dh is). */
function isP256Point(raw: Buffer): boolean {
  if (raw.length !== 65 || raw[0] !== 4) return false;
  try {
    createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: raw.subarray(1, 33).toString('base64url'),
        y: raw.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
    return true;
  } catch {
    return false;
  }
}

/** Each user's browsers that opted in to notifications (one per device, per browser profile). */
@Injectable()
export class PushService {
  private readonly vapid: VapidKeys | null;
  private readonly policy;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: PushRepository,
  ) {
    this.vapid = vapidKeys(config);
    this.policy = pushEgressPolicy(config.PUSH_TRUSTED_HOSTS, config.PROVIDER_EGRESS_DENY);
  }

  publicConfig(): PushConfigView {
    return { enabled: Boolean(this.vapid), publicKey: this.vapid?.publicKey ?? null };
  }

  async subscribe(user: AuthUser, dto: SubscribePushDto): Promise<PushSubscriptionView> {
    if (!this.vapid)
      throw new ServiceUnavailableError('push notifications are not configured on this server');
    try {
      checkPushEndpoint(dto.endpoint, this.config.PUSH_TRUSTED_HOSTS, this.policy);
    } catch (e) {
      if (e instanceof EgressRefusedError) throw new BadInputError(e.message);
      throw e;
    }
    if (!isP256Point(Buffer.from(dto.keys.p256dh, 'base64url')))
      throw new BadInputError('keys.p256dh is not a P-256 public key');
    if (Buffer.from(dto.keys.auth, 'base64url').length !== 16)
      throw new BadInputError('keys.auth must be 16 bytes');
    const saved = await this.repo.upsert({
      userId: user.id,
      endpoint: dto.endpoint,
      p256dh: dto.keys.p256dh.replace(/=+$/, ''),
      auth: dto.keys.auth.replace(/=+$/, ''),
      deviceLabel: (dto.deviceLabel ?? '').trim(),
    });
    return toView(saved);
  }

  async list(user: AuthUser): Promise<PushSubscriptionView[]> {
    return (await this.repo.list(user.id)).map(toView);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    if (!(await this.repo.remove(user.id, id))) throw new NotFoundError('subscription not found');
  }
}
