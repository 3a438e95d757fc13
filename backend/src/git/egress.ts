import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { BadInputError } from '../common/errors/domain-errors.js';

/**
 * Whether an address is one a git remote or forge API may never be: anything but public
 * unicast (loopback, private, link-local incl. 169.254.169.254 metadata, carrier NAT,
 * unique-local fd00::/8 incl. fd00:ec2::254, multicast, reserved, unspecified).
 */
export function isBlockedAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress())
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() !== 'unicast';
}

/** `host:port` pairs allowed despite a private address (and over plain http): on-premise forges, tests. */
export type TrustedHosts = readonly string[];

const hostKey = (host: string, port: number) => `${host.toLowerCase()}:${port}`;

export const isTrusted = (trusted: TrustedHosts, host: string, port: number) =>
  trusted.map((t) => t.toLowerCase()).includes(hostKey(host.replace(/^\[|\]$/g, ''), port));

/**
 * Resolves a host and refuses it when any address is not public (a name with one public
 * and one private address could be steered to the private one). Returns the addresses,
 * so the caller can pin the connection to what was checked (no DNS rebinding in between).
 */
export async function resolvePublic(host: string, port: number, trusted: TrustedHosts): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (ipaddr.isValid(bare)) addresses = [bare];
  else {
    try {
      addresses = (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw new BadInputError(`the host ${bare} cannot be resolved`);
    }
  }
  if (!addresses.length) throw new BadInputError(`the host ${bare} cannot be resolved`);
  if (!isTrusted(trusted, bare, port) && addresses.some(isBlockedAddress))
    throw new BadInputError(
      `the host ${bare} resolves to a private, loopback or link-local address, which is not allowed`,
    );
  return addresses;
}

/** A `lookup` for node:http(s) that applies the same rule at connect time. */
export function checkedLookup(trusted: TrustedHosts, port: number): LookupFunction {
  return (hostname, options, callback) => {
    resolvePublic(hostname, port, trusted).then(
      (addresses) => {
        const all = (options as { all?: boolean }).all;
        const family = (a: string) => (ipaddr.parse(a).kind() === 'ipv6' ? 6 : 4);
        if (all)
          (callback as (e: null, a: { address: string; family: number }[]) => void)(
            null,
            addresses.map((address) => ({ address, family: family(address) })),
          );
        else callback(null, addresses[0], family(addresses[0]));
      },
      (e: Error) => callback(e as NodeJS.ErrnoException, '', 4),
    );
  };
}
