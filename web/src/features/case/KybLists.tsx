import { Link } from 'react-router-dom';
import { StatusBadge } from '../../components/ui.tsx';
import { diditTerm } from '../../i18n/didit.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatNumber, formatValue } from '../../lib/format.ts';
import type { Node } from './evidence.ts';
import { ScrollingTable } from './ScrollingTable.tsx';

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A key person's roles: Didit documents them as `{role, ownership_percent, voting_percent}` objects
 * (docs.didit.me/business-verification/officers); plain strings are read too.
 */
function rolesOf(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((r) => (r && typeof r === 'object' ? (r as Node).role : r))
    .filter((r): r is string => typeof r === 'string' && r.trim() !== '');
}

/**
 * One of Didit's KYB values (a company document's type, a key person's role) in the console's words, with
 * Didit's value on hover. A value the catalog does not know yet is shown as Didit wrote it, set as data.
 */
function KybTerm({ kind, value }: { kind: 'companyDocument' | 'keyPersonRole'; value: string }) {
  const term = diditTerm(kind, value);
  return (
    <span className={term.known ? undefined : 'mono small'} title={term.title} data-raw={value}>
      {term.label}
    </span>
  );
}

/** Didit's share (`75.5`) as a percentage in the console's language. */
const percent = (v: unknown) =>
  typeof v === 'number' ? formatNumber(v / 100, { style: 'percent', maximumFractionDigits: 2 }) : null;

/**
 * A KYB case's key people: every column readable (the table scrolls sideways inside its focusable frame
 * rather than being cut off), roles in words, and each person's own KYC session linked when Didit names one.
 */
export function KeyPeopleTable({ rows }: { rows: Node[] }) {
  const t = useT();
  return (
    <ScrollingTable
      label={t('case.kyb.key_people')}
      testId="key-people"
      columns={[
        t('case.kyb.col.name'),
        t('case.kyb.col.roles'),
        t('case.kyb.col.ownership'),
        t('case.kyb.col.nationality'),
        t('case.kyb.col.date_of_birth'),
        t('case.kyb.col.kyc'),
        t('case.kyb.col.aml'),
      ]}
    >
      {rows.map((p, i) => {
        const kyc = text(p.kyc_session_id);
        const roles = rolesOf(p.roles);
        const share = percent(p.ownership_percentage);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: Didit's order, read-only
          <tr key={i}>
            <td dir="auto">{text(p.full_name) ?? text(p.name) ?? '—'}</td>
            <td data-testid="key-person-roles">
              {roles.length === 0
                ? '—'
                : roles.map((r, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: Didit's order, read-only
                    <span key={j}>
                      {j > 0 && ', '}
                      <KybTerm kind="keyPersonRole" value={r} />
                    </span>
                  ))}
            </td>
            <td>{share ?? formatValue(p.ownership_percentage)}</td>
            <td>{formatValue(p.nationality)}</td>
            <td>{formatValue(p.date_of_birth)}</td>
            <td>
              {kyc && UUID.test(kyc) ? (
                <Link to={`/sessions/${encodeURIComponent(kyc)}`}>
                  {t('case.kyb.kyc_session')} <span className="mono small">{kyc.slice(0, 8)}</span>
                </Link>
              ) : (
                <span className="muted">{t('case.kyb.no_kyc')}</span>
              )}{' '}
              {text(p.kyc_status) && <StatusBadge status={String(p.kyc_status)} />}
            </td>
            <td>{text(p.aml_status) ? <StatusBadge status={String(p.aml_status)} /> : '—'}</td>
          </tr>
        );
      })}
    </ScrollingTable>
  );
}

/**
 * Company documents: type in words, file name, dates and what Didit read from them. `href` opens a row's
 * file through the console's document route (a fresh presigned link is fetched server-side, each opening
 * audited); without it (a role that may not see documents) the file name alone is shown.
 */
export function CompanyDocumentsTable({
  rows,
  href,
}: {
  rows: Node[];
  href?: ((row: number) => string) | undefined;
}) {
  const t = useT();
  return (
    <ScrollingTable
      label={t('case.kyb.documents')}
      testId="company-documents"
      columns={[
        t('case.kyb.col.document'),
        t('case.kyb.col.file'),
        t('case.kyb.col.issued'),
        t('case.kyb.col.status'),
        t('case.kyb.col.company_name'),
        t('case.kyb.col.registration_number'),
      ]}
    >
      {rows.map((d, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: Didit's order, read-only
        <tr key={i}>
          <td data-testid="company-document-type">
            {text(d.document_type) ? <KybTerm kind="companyDocument" value={String(d.document_type)} /> : '—'}
          </td>
          <td dir="auto">
            {href ? (
              <a href={href(i)} target="_blank" rel="noopener noreferrer" data-testid="company-document-link">
                {text(d.file_name) ?? t('case.kyb.open_document')}
              </a>
            ) : (
              (text(d.file_name) ?? '—')
            )}
          </td>
          <td>{formatValue(d.issue_date)}</td>
          <td>{text(d.status) ? <StatusBadge status={String(d.status)} /> : '—'}</td>
          <td dir="auto">{formatValue(d['extracted_data.company_name'])}</td>
          <td className="mono small">{formatValue(d['extracted_data.registration_number'])}</td>
        </tr>
      ))}
    </ScrollingTable>
  );
}
