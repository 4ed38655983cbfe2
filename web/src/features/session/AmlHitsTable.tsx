import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { DataTable } from '../../components/data-table/DataTable.tsx';
import { useToast } from '../../components/toast.tsx';
import type { AmlHit } from './evidence.ts';
import { AML_DISPOSITIONS, type AmlDisposition, setAmlHitStatus } from './session.api.ts';

const col = createColumnHelper<AmlHit>();

/** One row per hit; the disposition goes to Didit's update-aml-hit-status through the console. */
export function AmlHitsTable({
  sessionId,
  hits,
  canDispose,
  onChanged,
}: {
  sessionId: string;
  hits: AmlHit[];
  canDispose: boolean;
  onChanged: () => void;
}) {
  const toast = useToast();
  const [saving, setSaving] = useState<string | null>(null);
  const [local, setLocal] = useState<Record<string, string>>({});

  const columns = useMemo(
    () => [
      col.accessor('caption', {
        header: 'Match',
        cell: (c) => (
          <div className="cell-stack">
            <span dir="auto">{c.getValue()}</span>
            <small className="muted">
              {[...c.row.original.countries, ...c.row.original.birthDates].join(' · ') || ' '}
            </small>
          </div>
        ),
      }),
      col.accessor('matchScore', { header: 'Match score', cell: (c) => c.getValue() ?? '—' }),
      col.accessor('riskScore', { header: 'Risk score', cell: (c) => c.getValue() ?? '—' }),
      col.accessor('datasets', {
        header: 'Datasets',
        cell: (c) => (
          <span className="cell-row">
            {c.getValue().map((d) => (
              <span key={d} className="tag">
                {d}
              </span>
            ))}
          </span>
        ),
      }),
      col.display({
        id: 'disposition',
        header: 'Disposition',
        cell: (c) => {
          const hit = c.row.original;
          const value = local[hit.id] ?? hit.reviewStatus;
          if (!canDispose) return <span className={`disposition d-${slug(value)}`}>{value}</span>;
          return (
            <label>
              <span className="visually-hidden">Disposition of {hit.caption}</span>
              <select
                className={`input disposition d-${slug(value)}`}
                value={value}
                disabled={saving === hit.id}
                data-testid={`aml-disposition-${hit.id}`}
                onChange={async (e) => {
                  const next = e.target.value as AmlDisposition;
                  setSaving(hit.id);
                  try {
                    await setAmlHitStatus(sessionId, hit.id, next, hit.nodeId);
                    setLocal((l) => ({ ...l, [hit.id]: next }));
                    toast({
                      tone: 'success',
                      title: `Hit marked ${next}`,
                      description: 'Didit accepted the disposition.',
                    });
                    onChanged();
                  } catch (err) {
                    toast({ tone: 'error', title: 'Disposition not saved', description: errorMessage(err) });
                  } finally {
                    setSaving(null);
                  }
                }}
              >
                {AML_DISPOSITIONS.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
          );
        },
      }),
    ],
    [canDispose, local, saving, sessionId, toast, onChanged],
  );

  return (
    <DataTable
      data={hits}
      columns={columns}
      getRowId={(h) => h.id}
      caption="AML hits"
      empty="No hits."
      testId="aml-hits"
    />
  );
}

function slug(s: string): string {
  return s.toLowerCase().replace(/\s+/g, '-');
}
