import { useBlocker } from '@tanstack/react-router';
import { useCallback } from 'react';
import { ConfirmDialog } from './dialog';

interface Location {
  pathname: string;
  search: unknown;
}

interface GuardProps {
  /** True while there are unsaved changes; the guard is off otherwise. */
  when: boolean;
  /** What would be lost, for the prompt ("your changes to notes.md"). */
  what: string;
  /** Navigation that keeps the edited thing on screen (e.g. a search change that is not a file switch). */
  allow?: (current: Location, next: Location) => boolean;
}

/**
 * Keeps unsaved edits from vanishing silently: while `when` holds, leaving the page in the app (links,
 * tabs, back/forward) asks first, and closing or reloading the tab gets the browser's own prompt.
 */
export function UnsavedChangesGuard({ when, what, allow }: GuardProps) {
  const shouldBlockFn = useCallback(
    ({ current, next }: { current: Location; next: Location }) => !(allow?.(current, next) ?? false),
    [allow],
  );
  const blocker = useBlocker({
    shouldBlockFn,
    enableBeforeUnload: true,
    disabled: !when,
    withResolver: true,
  });
  const blocked = blocker.status === 'blocked';
  return (
    <ConfirmDialog
      open={blocked}
      onOpenChange={(open) => {
        if (!open) blocker.reset?.();
      }}
      title="Discard unsaved changes?"
      description={`You have not saved ${what}. Leaving this page discards them.`}
      cancelLabel="Keep editing"
      confirmLabel="Discard changes"
      onConfirm={() => blocker.proceed?.()}
    />
  );
}
