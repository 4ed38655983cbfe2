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
 */
export function explainDrift(d: Drift): { text: string; refetch: boolean } {
  const sides = { local: q(d.local_value), didit: q(d.didit_value) };
  switch (d.field) {
    case 'exists':
      return { text: translate('admin.drift.exists'), refetch: false };
    case 'decision':
      return { text: translate('admin.drift.decision'), refetch: true };
    case 'status': {
      const status = (v: string) => diditLabel('status', v);
      return {
        text: translate('admin.drift.status', {
          local: q(d.local_value, status),
          didit: q(d.didit_value, status),
        }),
        refetch: true,
      };
    }
    case 'vendor_data':
      return { text: translate('admin.drift.vendor_data', sides), refetch: true };
    case 'workflow_id':
      return { text: translate('admin.drift.workflow_id', sides), refetch: true };
    case 'aml_hits':
      return {
        text: translate('admin.drift.aml_hits', {
          local: d.local_value ?? translate('admin.drift.no_lower'),
          didit: d.didit_value ?? translate('admin.drift.none'),
        }),
        refetch: true,
      };
    case 'aml_unreviewed_hits':
      return {
        text: translate('admin.drift.aml_unreviewed_hits', {
          local: d.local_value ?? translate('admin.drift.no'),
          didit: d.didit_value ?? translate('admin.drift.none'),
        }),
        refetch: true,
      };
    default:
      return {
        text: translate('admin.drift.other', { field: codeWords(d.field.replace(/_/g, ' ')), ...sides }),
        refetch: true,
      };
  }
}
