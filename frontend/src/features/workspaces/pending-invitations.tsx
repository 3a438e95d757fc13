import { InlineError } from '@/components/states';
import { useAnswerInvitation, useMyInvitations } from './api';

/** Invitations to the signed-in user: a workspace joins their list only once they accept. */
export function PendingInvitations() {
  const invitations = useMyInvitations();
  const answer = useAnswerInvitation();
  if (!invitations.data?.length) return null;
  return (
    <section className="card" aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      <ul className="card-list">
        {invitations.data.map((i) => (
          <li key={i.id} className="card">
            <div>
              <p className="card-title">{i.workspaceName}</p>
              <p className="muted">
                {i.invitedBy ? `${i.invitedBy} invites you` : 'You are invited'} as {i.role}
              </p>
            </div>
            <div className="row">
              <button
                type="button"
                className="btn btn-primary"
                disabled={answer.isPending}
                onClick={() => answer.mutate({ id: i.id, accept: true })}
                aria-label={`Accept the invitation to ${i.workspaceName}`}
              >
                Accept
              </button>
              <button
                type="button"
                className="btn"
                disabled={answer.isPending}
                onClick={() => answer.mutate({ id: i.id, accept: false })}
                aria-label={`Decline the invitation to ${i.workspaceName}`}
              >
                Decline
              </button>
            </div>
          </li>
        ))}
      </ul>
      <InlineError error={answer.error} />
    </section>
  );
}
