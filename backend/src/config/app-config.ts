import type { Env } from './config.schema.js';

/** Injection token of the validated configuration (the only place reading process.env is config.ts). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export type AppConfig = Env;
