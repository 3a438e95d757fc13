import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

const KEYWORDS: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
};

const parseAddr = (a: string) => {
  const ip = ipaddr.parse(a.replace(/^\[|\]$/g, ''));
  return ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()
    ? (ip as ipaddr.IPv6).toIPv4Address()
    : ip;
};

/**
 * Who may set X-Forwarded-For: the operator's proxy hops only (TRUSTED_PROXIES). Entries are
 * addresses, CIDRs, `loopback`, or host names such as `nginx` (Compose) or `tasks.nginx`
 * (Swarm), re-resolved every `refreshMs` since proxy containers get new addresses when they are
 * replaced. Express asks `trust(addr)` for each hop from the socket inwards and takes the
 * first untrusted one as the client, so with nginx overwriting X-Forwarded-For a client can
 * never choose its own address.
 */
export class TrustedProxies {
  private readonly ranges: Range[] = [];
  private readonly names: string[] = [];
  private resolved = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    entries: string[],
    private readonly resolve: (name: string) => Promise<string[]> = async (name) =>
      (await lookup(name, { all: true })).map((a) => a.address),
  ) {
    for (const raw of entries.map((e) => e.trim().toLowerCase()).filter(Boolean)) {
      for (const e of KEYWORDS[raw] ?? [raw]) {
        if (e.includes('/')) this.ranges.push(ipaddr.parseCIDR(e));
        else if (ipaddr.isValid(e.replace(/^\[|\]$/g, ''))) {
          const ip = parseAddr(e);
          this.ranges.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
        } else if (/^[a-z0-9.-]+$/.test(e)) this.names.push(e);
        else throw new Error(`TRUSTED_PROXIES: "${e}" is not an address, CIDR, keyword or host name`);
      }
    }
  }

  /** Resolves the names now and then every `refreshMs` (a failed lookup keeps the last answer). */
  async start(refreshMs = 10_000): Promise<void> {
    if (!this.names.length) return;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    const next = new Set<string>();
    let failed = false;
    for (const name of this.names) {
      try {
        for (const a of await this.resolve(name)) next.add(parseAddr(a).toString());
      } catch {
        failed = true;
      }
    }
    if (!failed || next.size) this.resolved = next;
  }

  /** Express's `trust proxy` function. */
  readonly trust = (addr: string): boolean => {
    if (!addr || !ipaddr.isValid(addr)) return false;
    const ip = parseAddr(addr);
    if (this.resolved.has(ip.toString())) return true;
    return this.ranges.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
  };
}
