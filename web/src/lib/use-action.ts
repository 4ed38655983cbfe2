import { useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { useToast } from '../components/toast.tsx';

/**
 * A step the person starts (save, confirm, reset, assign): `busy` while it runs, so its buttons wait. A
 * failure is kept in `error` for the form's ErrorNotice or, given `failedTitle` (a step with no form to show
 * it in), said in an error toast with that title. `run` resolves whether the step succeeded.
 */
export function useAction() {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (step: () => Promise<unknown>, failedTitle?: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await step();
      return true;
    } catch (e) {
      if (failedTitle === undefined) setError(e);
      else toast({ tone: 'error', title: failedTitle, description: errorMessage(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
