import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

type Ip = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Ip, number];

/** A provider URL or address the egress policy refuses; the API answers it with a 4xx. */
export class EgressRefusedError extends Error {
  readonly code = 'EEGRESSREFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'EgressRefusedError';
  }
}

/** The refusal anywhere in an error's `cause` chain (the SDKs wrap fetch failures). */
export function findEgressRefusal(e: unknown): EgressRefusedError | undefined {
  for (let cur = e, depth = 0; cur && depth < 8; depth++) {
    if (cur instanceof EgressRefusedError) return cur;
    if ((cur as { code?: unknown }).code === 'EEGRESSREFUSED') return cur as EgressRefusedError;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Instance metadata services (AWS, GCP, Azure, DigitalOcean, Alibaba, Oracle): never reachable. */
const METADATA_CIDRS = ['169.254.169.254/32', 'fd00:ec2::254/128', '100.100.100.200/32', '192.0.0.192/32'];
const METADATA_NAMES = [
  'metadata',
  'metadata.google.internal',
  'instance-data',
  'instance-data.ec2.internal',
];
/** Ranges an operator may open with PROVIDER_EGRESS_PRIVATE (a LAN Ollama or vLLM). */
const PRIVATE_RANGES = new Set(['private', 'uniqueLocal', 'carrierGradeNat']);
const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  linkLocal: 'a link-local address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  private: 'a private address (PROVIDER_EGRESS_PRIVATE is off)',
  uniqueLocal: 'a private address (PROVIDER_EGRESS_PRIVATE is off)',
  carrierGradeNat: 'a private address (PROVIDER_EGRESS_PRIVATE is off)',
};

const bare = (host: string) =>
  host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();

/** Parses an address; IPv4-mapped and NAT64 (64:ff9b::/96) IPv6 forms become the IPv4 inside. */
function parseIp(address: string): Ip {
  const ip = ipaddr.parse(bare(address));
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
    if (v6.range() === 'rfc6052') {
      const b = v6.toByteArray();
      return new ipaddr.IPv4(b.slice(12, 16));
    }
  }
  return ip;
}

const parseCidr = (entry: string): Cidr =>
  entry.includes('/')
    ? ipaddr.parseCIDR(entry)
    : ((ip) => [ip, ip.kind() === 'ipv4' ? 32 : 128])(parseIp(entry));

const inAny = (ip: Ip, cidrs: Cidr[]) =>
  cidrs.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));

export interface EgressSettings {
  /** Allow private ranges (10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10). */
  allowPrivate: boolean;
  /** Host names or CIDRs always allowed (metadata stays refused). */
  allow: string[];
  /** Host names (and their resolved addresses) or CIDRs always refused. */
  deny: string[];
}

export type Resolver = (host: string) => Promise<string[]>;
const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Where provider requests may go. Checked twice: on the URL when a profile is saved (literal
 * addresses and denied names, a clear 400 at once) and on every resolved address when a
 * connection is opened (`lookup`), so a name that later resolves elsewhere (DNS rebinding)
 * is still refused.
 */
export class EgressPolicy {
  private readonly allowCidrs: Cidr[] = [];
  private readonly allowNames = new Set<string>();
  private readonly denyCidrs: Cidr[] = [];
  private readonly denyNames = new Set<string>();
  private readonly metadata = METADATA_CIDRS.map(parseCidr);
  /** Addresses the denied names resolve to (refreshed; our own services' addresses). */
  private deniedAddresses = new Set<string>();

  constructor(
    private readonly settings: EgressSettings,
    private readonly resolver: Resolver = systemResolver,
  ) {
    for (const [list, cidrs, names] of [
      [settings.allow, this.allowCidrs, this.allowNames],
      [settings.deny, this.denyCidrs, this.denyNames],
    ] as const) {
      for (const raw of list.map(bare).filter(Boolean)) {
        if (raw.includes('/') || ipaddr.isValid(raw)) cidrs.push(parseCidr(raw));
        else names.add(raw);
      }
    }
    for (const n of METADATA_NAMES) this.denyNames.add(n);
  }

  /** Resolves the denied names (the stack's services) so their addresses are refused too. */
  async refreshDeniedAddresses(): Promise<void> {
    const next = new Set<string>();
    await Promise.all(
      [...this.denyNames].map(async (name) => {
        try {
          for (const a of await this.resolver(name)) next.add(parseIp(a).toString());
        } catch {
          // A service name that does not resolve here cannot be reached from here either.
        }
      }),
    );
    this.deniedAddresses = next;
  }

  /** Why a host name is refused before any lookup, or undefined. */
  private refuseName(host: string): string | undefined {
    const h = bare(host);
    // Compose names, Swarm's `tasks.<name>` and `<stack>_<name>` forms all count.
    const base = h.replace(/^tasks\./, '').replace(/^[a-z0-9-]+_/, '');
    if (this.denyNames.has(h) || this.denyNames.has(base)) return `${h} is one of this server's own services`;
    return undefined;
  }

  /** Why an address is refused, or undefined when a connection may go there. */
  refuseAddress(address: string, host = address): string | undefined {
    const ip = parseIp(address);
    const what = bare(host) === ip.toString() ? ip.toString() : `${bare(host)} (${ip.toString()})`;
    if (inAny(ip, this.metadata)) return `${what} is a cloud metadata address`;
    if (this.deniedAddresses.has(ip.toString()) || inAny(ip, this.denyCidrs))
      return `${what} is an address of this server's own services`;
    if (this.allowNames.has(bare(host)) || inAny(ip, this.allowCidrs)) return undefined;
    const range = ip.range();
    if (range === 'unicast') return undefined;
    if (PRIVATE_RANGES.has(range) && this.settings.allowPrivate) return undefined;
    return `${what} is ${RANGE_WORDS[range] ?? `a reserved address (${range})`}`;
  }

  /**
   * Checks a provider URL without DNS: scheme, no credentials or fragment, literal addresses
   * and denied names. Throws EgressRefusedError with the reason.
   */
  checkUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new EgressRefusedError('the provider URL is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new EgressRefusedError('the provider URL must be http:// or https://');
    if (url.username || url.password)
      throw new EgressRefusedError('the provider URL must not contain credentials; use the API key field');
    if (url.hash || raw.includes('#'))
      throw new EgressRefusedError('the provider URL must not contain a # fragment');
    const host = bare(url.hostname);
    const byName = this.refuseName(host);
    if (byName) throw new EgressRefusedError(`provider URL refused by the egress policy: ${byName}`);
    if (ipaddr.isValid(host)) {
      const why = this.refuseAddress(host);
      if (why) throw new EgressRefusedError(`provider URL refused by the egress policy: ${why}`);
    }
    return url;
  }

  /** Resolves `host` and refuses it when any of its addresses is refused (no mixing tricks). */
  async resolve(host: string): Promise<string[]> {
    const h = bare(host);
    const byName = this.refuseName(h);
    if (byName) throw new EgressRefusedError(`refused by the egress policy: ${byName}`);
    const addresses = ipaddr.isValid(h) ? [h] : await this.resolver(h);
    if (!addresses.length) throw new Error(`${h} did not resolve`);
    for (const a of addresses) {
      const why = this.refuseAddress(a, h);
      if (why) throw new EgressRefusedError(`refused by the egress policy: ${why}`);
    }
    return addresses;
  }

  /** A `lookup` for net/tls.connect: the policy applied to what the connection will really use. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname).then(
      (addresses) => {
        const family = (a: string) => (ipaddr.parse(a).kind() === 'ipv6' ? 6 : 4);
        const wanted = (options as { family?: number | string }).family;
        const fam = wanted === 4 || wanted === 'IPv4' ? 4 : wanted === 6 || wanted === 'IPv6' ? 6 : 0;
        const usable = addresses.filter((a) => !fam || family(a) === fam);
        if (!usable.length) {
          const err = Object.assign(new Error(`${hostname} has no IPv${fam} address`), { code: 'ENOTFOUND' });
          return callback(err, '', 4);
        }
        if ((options as { all?: boolean }).all)
          (callback as (e: null, a: { address: string; family: number }[]) => void)(
            null,
            usable.map((address) => ({ address, family: family(address) })),
          );
        else callback(null, usable[0], family(usable[0]));
      },
      (e: Error) => callback(e as NodeJS.ErrnoException, '', 4),
    );
  };
}
