import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { ConfirmDialog } from './dialog';

function Harness({ removeOpener = false }: { removeOpener?: boolean }) {
  const [open, setOpen] = useState(false);
  const [gone, setGone] = useState(false);
  return (
    <main id="main" tabIndex={-1}>
      {!gone && (
        <button type="button" onClick={() => setOpen(true)}>
          Delete file
        </button>
      )}
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Delete this file?"
        description="It cannot be undone."
        confirmLabel="Delete"
        onConfirm={() => {
          if (removeOpener) setGone(true);
          setOpen(false);
        }}
      />
    </main>
  );
}

describe('Dialog focus', () => {
  it('returns focus to the button that opened it on Cancel, Escape and the close button', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const opener = screen.getByRole('button', { name: 'Delete file' });

    for (const close of [
      () => user.click(screen.getByRole('button', { name: 'Cancel' })),
      () => user.keyboard('{Escape}'),
      () => user.click(screen.getByRole('button', { name: 'Close' })),
    ]) {
      await user.click(opener);
      expect(await screen.findByRole('dialog', { name: 'Delete this file?' })).toBeInTheDocument();
      expect(opener).not.toHaveFocus();
      await close();
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(opener).toHaveFocus();
    }
  });

  it('falls back to the main landmark when the opener is gone (e.g. the deleted row)', async () => {
    const user = userEvent.setup();
    render(<Harness removeOpener />);
    await user.click(screen.getByRole('button', { name: 'Delete file' }));
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('main')).toHaveFocus();
    expect(document.body).not.toHaveFocus();
  });
});
