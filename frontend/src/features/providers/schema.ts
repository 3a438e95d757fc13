import { z } from 'zod';

export const providerSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(100),
  kind: z.enum(['openai', 'anthropic']),
  baseUrl: z.union([z.literal(''), z.url('Enter a full URL, e.g. http://localhost:11434/v1')]).optional(),
  model: z.string().trim().min(1, 'Enter a model name.'),
  apiKey: z.string().optional(),
});
export type ProviderFormValues = z.infer<typeof providerSchema>;
