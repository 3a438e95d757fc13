import { z } from 'zod';

export const newTaskSchema = z.object({
  prompt: z.string().trim().min(1, 'Describe what the agent should do.').max(100_000),
  mode: z.string().min(1, 'Pick a mode.'),
  providerId: z.string().min(1, 'Pick a provider profile.'),
  autoApprove: z.object({
    read: z.boolean(),
    write: z.boolean(),
    execute: z.boolean(),
    modeSwitch: z.boolean(),
    mcp: z.boolean(),
  }),
});
