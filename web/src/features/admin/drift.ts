import { codeWords } from '../../lib/format.ts';

export interface Drift {
  id: number | string;
  session_id: string;
  field: string;
  local_value: string | null;
  didit_value: string | null;
  detected_at: string;
}

const q = (v: string | null) => (v === null || v === '' ? 'nothing' : `“${codeWords(v)}”`);

/**
 * One drift in words: what the console had, what Didit has, and whether fetching the session again can fix
 * it (reconciliation applies Didit's decision when it finds a drift; a fresh fetch confirms or repeats it).
 */
export function explainDrift(d: Drift): { text: string; refetch: boolean } {
  switch (d.field) {
    case 'exists':
      return {
        text: 'Didit no longer has this session (deleted there, or past its retention). The console keeps the case as it last saw it; there is nothing to fetch.',
        refetch: false,
      };
    case 'decision':
      return { text: 'The console had no decision for this session; Didit has one.', refetch: true };
    case 'status':
      return {
        text: `The status here was ${q(d.local_value)}; Didit has ${q(d.didit_value)}.`,
        refetch: true,
      };
    case 'vendor_data':
      return {
        text: `The vendor id here was ${q(d.local_value)}; Didit has ${q(d.didit_value)}.`,
        refetch: true,
      };
    case 'workflow_id':
      return {
        text: `The workflow here was ${q(d.local_value)}; Didit has ${q(d.didit_value)}.`,
        refetch: true,
      };
    case 'aml_hits':
      return {
        text: `The console counted ${d.local_value ?? 'no'} AML hits; Didit reports ${d.didit_value ?? 'none'}.`,
        refetch: true,
      };
    case 'aml_unreviewed_hits':
      return {
        text: `${d.local_value ?? 'No'} AML hits were open here; Didit reports ${d.didit_value ?? 'none'} open.`,
        refetch: true,
      };
    default:
      return {
        text: `${codeWords(d.field.replace(/_/g, ' '))} differs: ${q(d.local_value)} here, ${q(d.didit_value)} at Didit.`,
        refetch: true,
      };
  }
}
