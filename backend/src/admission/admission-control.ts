import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay, type ELDHistogram } from 'node:perf_hooks';
import type { NextFunction } from 'express';

export type RefusalReason = 'in_flight' | 'event_loop_delay';

export interface AdmissionOptions {
  /** Requests in progress in this process past which new ones are refused; 0 = no limit. */
  maxInFlight: number;
  /** Mean event-loop delay (ms, over the last sample window) past which new requests are refused; 0 = off. */
  maxEventLoopDelayMs: number;
  retryAfterSeconds: number;
  /** How often the event-loop delay is read and reset. */
  sampleIntervalMs?: number;
  /** Paths never refused (health checks: an orchestrator must not kill a busy replica). */
  exempt?: (url: string) => boolean;
  onRefusal?: (reason: RefusalReason) => void;
}

/**
 * Requests of this process parked on a bounded queue of their own (a password-hash slot,
 * PASSWORD_HASH_QUEUE_MAX): they use no CPU while they wait, so they do not count as in flight —
 * a sign-in storm then does not shed the cheap requests beside it.
 */
export const parked = { count: 0 };

/** Resolution of the delay monitor; its samples include it, so it is subtracted (as under-pressure does). */
const RESOLUTION_MS = 10;

/**
 * Load shedding for Express, per process: a request arriving while too many are in progress
 * or while the event loop lags is answered 503 + Retry-After at once (a few µs of work),
 * instead of joining a queue that grows until clients time out. Modelled on
 * @fastify/under-pressure (Fastify only); the Express-capable ones on npm (overload-protection,
 * toobusy-js) shed on event-loop lag and memory but do not count requests in progress, which
 * is the limit that bounds the wait of what is accepted (Little's law).
 */
export class AdmissionControl {
  private inFlightCount = 0;
  private delayMs = 0;
  private readonly histogram?: ELDHistogram;
  private readonly timer?: NodeJS.Timeout;
  private readonly body: string;

  constructor(private readonly options: AdmissionOptions) {
    if (options.maxEventLoopDelayMs > 0) {
      this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      this.histogram.enable();
      this.timer = setInterval(() => this.sample(), options.sampleIntervalMs ?? 500);
      this.timer.unref();
    }
    this.body = JSON.stringify({
      statusCode: 503,
      error: 'Service Unavailable',
      message: `server busy, retry in ${options.retryAfterSeconds} s`,
    });
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Mean event-loop delay of the last window, in ms. */
  get eventLoopDelayMs(): number {
    return this.delayMs;
  }

  /** Reads and resets the delay window (public so a test can drive it without waiting). */
  sample(): void {
    if (!this.histogram) return;
    const mean = this.histogram.count ? this.histogram.mean / 1e6 : 0;
    this.delayMs = Math.max(0, mean - RESOLUTION_MS);
    this.histogram.reset();
  }

  /** Why a request arriving now would be refused, or undefined. */
  refusal(): RefusalReason | undefined {
    const { maxInFlight, maxEventLoopDelayMs } = this.options;
    if (maxInFlight > 0 && this.inFlightCount - parked.count >= maxInFlight) return 'in_flight';
    if (maxEventLoopDelayMs > 0 && this.delayMs > maxEventLoopDelayMs) return 'event_loop_delay';
    return undefined;
  }

  middleware() {
    const exempt = this.options.exempt ?? (() => false);
    return (req: IncomingMessage, res: ServerResponse, next: NextFunction): void => {
      if (exempt(req.url ?? '')) return next();
      const reason = this.refusal();
      if (reason) {
        this.options.onRefusal?.(reason);
        this.refuse(req, res);
        return;
      }
      this.inFlightCount++;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.inFlightCount--;
      };
      // `close` also covers a client that went away before the answer.
      res.once('finish', release);
      res.once('close', release);
      next();
    };
  }

  private refuse(req: IncomingMessage, res: ServerResponse): void {
    const incoming = req.headers['x-request-id'];
    const requestId =
      typeof incoming === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(incoming) ? incoming : '';
    const body = `${this.body.slice(0, -1)},"requestId":${JSON.stringify(requestId)}}`;
    res.statusCode = 503;
    res.setHeader('Retry-After', String(this.options.retryAfterSeconds));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    // The body is not read: the connection closes after the answer so an upload cannot go on.
    if (req.headers['content-length'] || req.headers['transfer-encoding'])
      res.setHeader('Connection', 'close');
    res.end(body);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.histogram?.disable();
  }
}
