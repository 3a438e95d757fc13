import { useState, type FormEvent } from 'react';
import { Dialog } from '@/components/dialog';
import { fieldErrors, TextField } from '@/components/field';
import { InlineError } from '@/components/states';
import { useMoveFile } from '../api';
import { renameSchema } from '../schema';

interface RenameDialogProps {
  ws: string;
  path: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onRenamed: (to: string) => void;
}

/** Rename or move a file; the new path is validated with the server's rules before sending. */
export function RenameDialog({ ws, path, open, onOpenChange, onRenamed }: RenameDialogProps) {
  const move = useMoveFile(ws);
  const [error, setError] = useState<string | undefined>();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = renameSchema.safeParse({ to: new FormData(e.currentTarget).get('to') });
    if (!parsed.success) {
      setError(fieldErrors(parsed.error.issues).to);
      return;
    }
    setError(undefined);
    if (parsed.data.to === path) {
      onOpenChange(false);
      return;
    }
    move.mutate(
      { from: path, to: parsed.data.to },
      {
        onSuccess: () => {
          onOpenChange(false);
          onRenamed(parsed.data.to);
        },
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={`Rename ${path}`}>
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label="New path"
          name="to"
          defaultValue={path}
          error={error}
          autoComplete="off"
          spellCheck={false}
        />
        <InlineError error={move.error} />
        <button type="submit" className="btn btn-primary" disabled={move.isPending}>
          Rename
        </button>
      </form>
    </Dialog>
  );
}
