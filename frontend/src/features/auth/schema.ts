import { z } from 'zod';

export const signInSchema = z.object({
  email: z.email('Enter a valid email address.'),
  password: z.string().min(1, 'Enter your password.'),
});
export type SignInValues = z.infer<typeof signInSchema>;

export const signUpSchema = z.object({
  displayName: z.string().trim().min(1, 'Enter your name.').max(100, 'Use at most 100 characters.'),
  email: z.email('Enter a valid email address.'),
  password: z.string().min(10, 'Use at least 10 characters.'),
  inviteToken: z.string().trim().optional(),
});
export type SignUpValues = z.infer<typeof signUpSchema>;

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, 'Give the token a name.').max(100),
  scopes: z.array(z.enum(['read', 'write'])).min(1, 'Pick at least one scope.'),
  expiresInDays: z
    .union([z.literal(''), z.coerce.number().int().min(1, 'At least 1 day.').max(3650, 'At most 3650 days.')])
    .optional(),
});
