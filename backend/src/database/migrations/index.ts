import { Foundation1764079200000 } from './1764079200000-Foundation.js';

/** Every migration, in order. A landed migration never changes; fix mistakes with a new one. */
export const migrations = [Foundation1764079200000];
