import { useParams } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/components/dialog';
import { fieldErrors, SelectField, TextField } from '@/components/field';
import { EmptyState, ErrorState, InlineError, Loading } from '@/components/states';
import { useCurrentUser } from '@/features/auth/api';
import type { MemberView as Member, Role } from '@/lib/api/generated/openapi';
import {
  hasRole,
  useAddMember,
  useMembers,
  useRemoveMember,
  useRevokeInvitation,
  useUpdateMember,
  useWorkspace,
  useWorkspaceInvitations,
} from './api';
import { inviteSchema, ROLES } from './schema';
import { roleLabel } from '@/lib/labels';

export function MembersPage() {
  const { ws } = useParams({ from: '/authed/workspaces/$ws/members' });
  const workspace = useWorkspace(ws);
  const members = useMembers(ws);
  const me = useCurrentUser();
  const add = useAddMember(ws);
  const update = useUpdateMember(ws);
  const remove = useRemoveMember(ws);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<string | null>(null);
  const [toRemove, setToRemove] = useState<Member | null>(null);
  const myRole = workspace.data?.role;
  const canManage = hasRole(myRole, 'admin');
  const invitations = useWorkspaceInvitations(ws, canManage);
  const revoke = useRevokeInvitation(ws);
  const grantable = ROLES.filter((r) => r !== 'owner' || myRole === 'owner');

  const invite = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const parsed = inviteSchema.safeParse({ email: data.get('email'), role: data.get('role') });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setSent(null);
    add.mutate(parsed.data, {
      onSuccess: (r) => {
        form.reset();
        setSent(r.email);
      },
    });
  };

  return (
    <section className="page" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {canManage && (
        <form className="form form-inline card" onSubmit={invite} noValidate aria-label="Invite a member">
          <TextField
            label="Email"
            name="email"
            type="email"
            error={errors.email}
            hint="They join once they accept the invitation (signed in with this email)."
          />
          <SelectField label="Role" name="role" defaultValue="member" error={errors.role}>
            {grantable.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="btn btn-primary" disabled={add.isPending}>
            Invite
          </button>
          <InlineError error={add.error} />
          {sent && <p role="status">Invitation sent to {sent}.</p>}
        </form>
      )}
      {canManage && !!invitations.data?.length && (
        <section aria-labelledby="pending-title">
          <h3 id="pending-title">Pending invitations</h3>
          <ul className="card-list">
            {invitations.data.map((i) => (
              <li key={i.id} className="card">
                <div>
                  <p className="card-title">{i.email}</p>
                  <p className="muted">invited as {i.role}</p>
                </div>
                <button
                  type="button"
                  className="btn btn-danger"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(i.id)}
                  aria-label={`Revoke the invitation of ${i.email}`}
                >
                  Revoke
                </button>
              </li>
            ))}
          </ul>
          <InlineError error={revoke.error} />
        </section>
      )}
      <InlineError error={update.error ?? remove.error} />
      {members.isPending ? (
        <Loading />
      ) : members.isError ? (
        <ErrorState error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.length === 0 ? (
        <EmptyState title="No members." />
      ) : (
        <ul className="card-list">
          {members.data.map((m) => {
            const isSelf = m.userId === me?.id;
            const canEdit = canManage && (m.role !== 'owner' || myRole === 'owner');
            return (
              <li key={m.userId} className="card">
                <div>
                  <p className="card-title">
                    {m.displayName} {isSelf && <span className="badge">You</span>}
                  </p>
                  <p className="muted">{m.email}</p>
                </div>
                <div className="row">
                  {canEdit ? (
                    <label className="inline-select">
                      <span className="visually-hidden">Role of {m.displayName}</span>
                      <select
                        value={m.role}
                        onChange={(e) => update.mutate({ userId: m.userId, role: e.target.value as Role })}
                        disabled={update.isPending}
                      >
                        {ROLES.filter((r) => r !== 'owner' || myRole === 'owner').map((r) => (
                          <option key={r} value={r}>
                            {roleLabel(r)}
                          </option>
                        ))}
                      </select>
                    </label>
                  ) : (
                    <span className="badge">{roleLabel(m.role)}</span>
                  )}
                  {(canEdit || isSelf) && (
                    <button
                      type="button"
                      className="btn btn-danger"
                      onClick={() => setToRemove(m)}
                      aria-label={isSelf ? 'Leave workspace' : `Remove ${m.displayName}`}
                    >
                      {isSelf ? 'Leave' : 'Remove'}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <ConfirmDialog
        open={toRemove !== null}
        onOpenChange={(o) => !o && setToRemove(null)}
        title={toRemove?.userId === me?.id ? 'Leave workspace?' : 'Remove member?'}
        description={`${toRemove?.displayName ?? ''} will lose access to this workspace.`}
        confirmLabel="Remove"
        pending={remove.isPending}
        error={<InlineError error={remove.error} />}
        onConfirm={() => toRemove && remove.mutate(toRemove.userId, { onSuccess: () => setToRemove(null) })}
      />
    </section>
  );
}
