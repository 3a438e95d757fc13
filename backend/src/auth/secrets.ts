import { createHash, randomBytes } from 'node:crypto';

/** An opaque token: a recognisable prefix plus 256 random bits. */
export const newToken = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Tokens are stored only as their SHA-256; they carry enough entropy that no slow hash is needed. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const REFRESH_PREFIX = 'roo_rt_';
export const API_TOKEN_PREFIX = 'roo_pat_';
export const INVITE_PREFIX = 'roo_inv_';
