import { z } from 'zod';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;

export const workspaceSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.'),
  description: z.string().trim().max(1000, 'Use at most 1000 characters.').optional(),
});

export const inviteSchema = z.object({
  email: z.email('Enter a valid email address.'),
  role: z.enum(ROLES),
});
