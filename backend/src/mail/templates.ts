/** Mail bodies: plain text first (what every client shows), plus a small HTML version. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function render(subject: string, lines: string[], link: { label: string; url: string }, footer: string) {
  const text = [...lines, '', `${link.label}: ${link.url}`, '', footer].join('\n');
  const html = [
    ...lines.map((l) => `<p>${esc(l)}</p>`),
    `<p><a href="${esc(link.url)}">${esc(link.label)}</a></p>`,
    `<p style="color:#666;font-size:12px">${esc(footer)}</p>`,
  ].join('\n');
  return { subject, text, html };
}

export function verifyEmailMail(o: { name: string; url: string; hours: number }): MailContent {
  return render(
    'Confirm your email address for Roo Server',
    [
      `Hello ${o.name},`,
      `Please confirm that this is your address. The link works once, for ${o.hours} hours.`,
    ],
    { label: 'Confirm my address', url: o.url },
    'If you did not create an account, ignore this mail.',
  );
}

export function passwordResetMail(o: { name: string; url: string; minutes: number }): MailContent {
  return render(
    'Reset your Roo Server password',
    [
      `Hello ${o.name},`,
      `Someone (hopefully you) asked to reset the password of this account. The link works once, for ${o.minutes} minutes.`,
      'Setting a new password signs you out everywhere.',
    ],
    { label: 'Choose a new password', url: o.url },
    'If you did not ask for this, ignore this mail: your password stays as it is.',
  );
}

export function changeEmailMail(o: { name: string; url: string; hours: number }): MailContent {
  return render(
    'Confirm your new email address for Roo Server',
    [
      `Hello ${o.name},`,
      `Confirm this address to make it your sign-in address. The link works once, for ${o.hours} hours.`,
    ],
    { label: 'Use this address', url: o.url },
    'If you did not ask for this, ignore this mail.',
  );
}

export function invitationMail(o: {
  inviter: string;
  workspace: string;
  role: string;
  url: string;
  signUpUrl: string | null;
  days: number;
}): MailContent {
  return render(
    `${o.inviter} invited you to "${o.workspace}" on Roo Server`,
    [
      `${o.inviter} invited you to the workspace "${o.workspace}" as ${o.role}.`,
      `Sign in with this address to accept or decline; the invitation waits ${o.days} days.`,
      ...(o.signUpUrl ? [`No account yet? Create one with this address: ${o.signUpUrl}`] : []),
    ],
    { label: 'See the invitation', url: o.url },
    'If you do not know the sender, ignore this mail.',
  );
}

export function taskWaitingMail(o: {
  name: string;
  title: string;
  workspace: string;
  url: string;
}): MailContent {
  return render(
    `Task waiting for you: ${o.title.slice(0, 80)}`,
    [`Hello ${o.name},`, `Your task "${o.title}" in "${o.workspace}" waits for your answer.`],
    { label: 'Open the task', url: o.url },
    'You get these mails because you turned on task notifications in your account settings.',
  );
}
