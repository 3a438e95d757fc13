import { createECDH } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/**
 * The server's VAPID key pair, or null when push is off (no private key). The public key is
 * derived from the private one; a configured public key that does not match is a config
 * error (browsers would subscribe with a key the server cannot sign for).
 */
export function vapidKeys(config: AppConfig): VapidKeys | null {
  if (!config.VAPID_PRIVATE_KEY) return null;
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(config.VAPID_PRIVATE_KEY, 'base64url'));
  const publicKey = ecdh.getPublicKey().toString('base64url');
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PUBLIC_KEY !== publicKey)
    throw new Error('VAPID_PUBLIC_KEY: does not belong to VAPID_PRIVATE_KEY');
  return { publicKey, privateKey: config.VAPID_PRIVATE_KEY, subject: config.VAPID_SUBJECT };
}

/** A new key pair (tests and the local stack; `make init` writes one with openssl). */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const d = ecdh.getPrivateKey();
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    // The scalar can have leading zero bytes dropped; VAPID wants exactly 32.
    privateKey: Buffer.concat([Buffer.alloc(32 - d.length), d]).toString('base64url'),
  };
}
