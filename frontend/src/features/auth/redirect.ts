/** Only same-app paths are allowed as a post-sign-in target (no open redirect). */
export function safeRedirect(target: string | undefined): string {
  return target && target.startsWith('/') && !target.startsWith('//') ? target : '/workspaces';
}
