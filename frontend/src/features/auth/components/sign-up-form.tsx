import { useState, type FormEvent } from 'react';
import { fieldErrors, TextField } from '@/components/field';
import { InlineError } from '@/components/states';
import { useRegister } from '../api';
import { signUpSchema } from '../schema';

export function SignUpForm({ onSuccess }: { onSuccess: () => void }) {
  const register = useRegister();
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const parsed = signUpSchema.safeParse({
      displayName: data.get('displayName'),
      email: data.get('email'),
      password: data.get('password'),
      inviteToken: data.get('inviteToken') || undefined,
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    register.mutate(parsed.data, { onSuccess });
  };

  return (
    <form onSubmit={submit} noValidate className="form">
      <TextField label="Name" name="displayName" autoComplete="name" error={errors.displayName} />
      <TextField label="Email" name="email" type="email" autoComplete="email" error={errors.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        error={errors.password}
      />
      <TextField
        label="Invite code (if you have one)"
        name="inviteToken"
        autoComplete="off"
        error={errors.inviteToken}
      />
      <InlineError error={register.error} />
      <button type="submit" className="btn btn-primary" disabled={register.isPending}>
        {register.isPending ? 'Creating account…' : 'Create account'}
      </button>
    </form>
  );
}
