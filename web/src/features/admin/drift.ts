import type { MessageKey } from '../../i18n/catalog.ts';
import { translate } from '../../i18n/current.ts';
import { diditLabel } from '../../i18n/didit.ts';
import { codeWords } from '../../lib/format.ts';

export interface Drift {
  id: number | string;
  session_id: string;
  field: string;
  local_value: string | null;
  didit_value: string | null;
  detected_at: string;
}

const q = (v: string | null, words: (v: string) => string = codeWords) =>
  v === null || v === ''
    ? translate('admin.drift.nothing')
    : translate('admin.drift.quoted', { value: words(v) });

/**
 * One drift in words: what the console had, what Didit has, and whether fetching the session again can fix
 * it (reconciliation applies Didit's decision when it finds a drift; a fresh fetch confirms or repeats it).
 * Only a session Didit does not have cannot be fetched again.
 */
export function explainDrift(d: Drift): { text: string; refetch: boolean } {
  return { text: driftText(d), refetch: d.field !== 'exists' };
}

function driftText(d: Drift): string {
  const sides = { local: q(d.local_value), didit: q(d.didit_value) };
  /** Hit counts as numbers; a missing local count is worded as `noLocal`, a missing Didit one as none. */
  const counts = (noLocal: MessageKey) => ({
    local: d.local_value ?? translate(noLocal),
    didit: d.didit_value ?? translate('admin.drift.none'),
  });
  switch (d.field) {
    case 'exists':
      return translate('admin.drift.exists');
    case 'decision':
      return translate('admin.drift.decision');
    case 'status': {
      const status = (v: string) => diditLabel('status', v);
      return translate('admin.drift.status', {
        local: q(d.local_value, status),
        didit: q(d.didit_value, status),
      });
    }
    case 'vendor_data':
      return translate('admin.drift.vendor_data', sides);
    case 'workflow_id':
      return translate('admin.drift.workflow_id', sides);
    case 'aml_hits':
      return translate('admin.drift.aml_hits', counts('admin.drift.no_lower'));
    case 'aml_unreviewed_hits':
      return translate('admin.drift.aml_unreviewed_hits', counts('admin.drift.no'));
    default:
      return translate('admin.drift.other', { field: codeWords(d.field.replace(/_/g, ' ')), ...sides });
  }
}
