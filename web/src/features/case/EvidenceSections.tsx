import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Detail } from '../../components/Detail.tsx';
import { JsonTable } from '../../components/data-table/JsonTable.tsx';
import { DiditTerm, StatusBadge, Term } from '../../components/ui.tsx';
import { diditKey, diditLabel } from '../../i18n/didit.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { termText } from '../../i18n/terms.ts';
import { formatDateTime, formatValue } from '../../lib/format.ts';
import { AmlHitsTable } from './AmlHitsTable.tsx';
import { companyDocumentPath, type MediaItem } from './case.api.ts';
import {
  amlHitsOf,
  fieldsOf,
  get,
  type Node,
  nodesAt,
  type Section,
  subListsOf,
  warningsOf,
} from './evidence.ts';
import { CompanyDocumentsTable, KeyPeopleTable } from './KybLists.tsx';
import { MediaGallery } from './MediaGallery.tsx';
import { Warnings } from './Warnings.tsx';

const WIDE = new Set(['aml', 'questionnaire', 'reviews']);

interface Ctx {
  sessionId: string;
  media: MediaItem[];
  canDisposeAml: boolean;
  /** KYB company documents open through the console's document route (reviewers and admins). */
  canOpenDocuments: boolean;
  onChanged: () => void;
}

export function EvidenceSection({ section, ctx }: { section: Section; ctx: Ctx }) {
  const id = `section-${section.key}`;
  return (
    <section
      className={`evidence-section${WIDE.has(section.spec.render ?? '') || section.nodes.length > 1 ? ' evidence-wide' : ''}`}
      aria-labelledby={id}
      data-section={section.key}
    >
      <h2 id={id}>
        <DiditTerm kind="check" value={section.key} />
        {section.nodes.length > 1 && <span className="count"> {section.nodes.length}</span>}
      </h2>
      {section.spec.render === 'reviews' ? (
        <ReviewsList nodes={section.nodes} />
      ) : (
        <div className="cards">
          {section.nodes.map((node, i) => (
            <NodeCard key={String(node.node_id ?? i)} section={section} node={node} index={i} ctx={ctx} />
          ))}
        </div>
      )}
    </section>
  );
}

function NodeCard({ section, node, index, ctx }: { section: Section; node: Node; index: number; ctx: Ctx }) {
  const nodeId = typeof node.node_id === 'string' ? node.node_id : null;
  const media = nodeId ? ctx.media.filter((m) => m.nodeId === nodeId) : [];
  const fields = fieldsOf(section.spec, node);
  return (
    <article
      className="card node-card"
      aria-label={`${diditLabel('check', section.key)}${nodeId ? ` ${nodeId}` : ''}`}
    >
      <header className="node-head">
        <StatusBadge status={typeof node.status === 'string' ? node.status : null} />
        {nodeId && <span className="mono small muted">{nodeId}</span>}
      </header>
      <Warnings warnings={warningsOf(node)} />
      {fields.length > 0 && (
        <dl className="fields">
          {fields.map(([k, v]) => (
            <Detail key={k} term={<FieldLabel path={k} />} dir="auto">
              {formatValue(v)}
            </Detail>
          ))}
        </dl>
      )}
      {section.spec.render === 'aml' && (
        <AmlHitsTable
          sessionId={ctx.sessionId}
          hits={amlHitsOf(node)}
          canDispose={ctx.canDisposeAml}
          onChanged={ctx.onChanged}
        />
      )}
      {section.spec.render === 'questionnaire' && <Questionnaire node={node} />}
      {section.spec.render === 'database' && <DatabaseValidations node={node} />}
      {section.spec.render === 'lifecycle' && <Lifecycle node={node} />}
      <SubLists
        node={node}
        documentHref={
          section.key === 'document_verifications' && ctx.canOpenDocuments
            ? (row) => companyDocumentPath(ctx.sessionId, index, row)
            : undefined
        }
      />
      <CrossMatches node={node} />
      <MediaGallery items={media} />
    </article>
  );
}

/**
 * A Didit field name in the console's words (didit.field.* in the catalogs), Didit's name on hover. A nested
 * name the catalog does not know by its full path (`company.company_name`) is named by its last part.
 */
function FieldLabel({ path }: { path: string }) {
  const last = path.slice(path.lastIndexOf('.') + 1);
  const term = termText(diditKey('field', path) ?? diditKey('field', last), path, path);
  // A name the catalog does not know yet stays as Didit wrote it, set as an identifier.
  return <Term term={term} className={term.known ? undefined : 'mono small'} />;
}

function Questionnaire({ node }: { node: Node }) {
  const t = useT();
  const sections = nodesAt(node, 'sections');
  if (sections.length === 0) return null;
  return (
    <div className="questionnaire">
      {sections.map((s, i) => (
        <div key={String(s.title ?? i)}>
          {typeof s.title === 'string' && s.title && <h4>{s.title}</h4>}
          <dl className="fields fields-wide">
            {nodesAt(s, 'items').map((item, j) => (
              <Detail
                key={String(item.uuid ?? j)}
                term={String(item.title ?? item.value ?? t('case.evidence.question'))}
                dir="auto"
              >
                {answerText(item.answer, t)}
              </Detail>
            ))}
          </dl>
        </div>
      ))}
    </div>
  );
}

function answerText(answer: unknown, t: ReturnType<typeof useT>): string {
  if (answer === null || answer === undefined) return '—';
  if (typeof answer !== 'object') return formatValue(answer);
  const a = answer as Record<string, unknown>;
  if (Array.isArray(a.files)) return t('case.evidence.files', { count: a.files.length });
  return formatValue(a.text ?? a.value);
}

function DatabaseValidations({ node }: { node: Node }) {
  const validations = nodesAt(node, 'validations');
  if (validations.length === 0) return null;
  return (
    <DiditList items={validations}>
      {(v) =>
        Object.entries((v.validation as Record<string, unknown>) ?? {}).map(([k, r]) => (
          <span key={k} className="tag">
            <FieldLabel path={k} />: <span dir="auto">{formatValue(r)}</span>
          </span>
        ))
      }
    </DiditList>
  );
}

function Lifecycle({ node }: { node: Node }) {
  const t = useT();
  const events = nodesAt(node, 'lifecycle');
  if (events.length === 0) return null;
  return (
    <details className="small">
      <summary>{t('case.evidence.lifecycle', { count: events.length })}</summary>
      <DiditList items={events} ordered>
        {(e) => (
          <>
            <span className="mono">{String(e.type ?? '')}</span>{' '}
            <span className="muted">
              {formatDateTime(typeof e.timestamp === 'string' ? e.timestamp : null)}
            </span>
          </>
        )}
      </DiditList>
    </details>
  );
}

/** Document and face matches against other sessions: a possible duplicate identity is decision-relevant. */
function CrossMatches({ node }: { node: Node }) {
  const t = useT();
  const matches = nodesAt(node, 'matches');
  if (matches.length === 0) return null;
  return (
    <div className="notice notice-warning">
      <strong>{t('case.evidence.matches', { count: matches.length })}</strong>
      <DiditList items={matches}>
        {(m) => (
          <>
            {typeof m.session_id === 'string' ? (
              <Link to={`/sessions/${encodeURIComponent(m.session_id)}`}>
                #{String(m.session_number ?? m.session_id.slice(0, 8))}
              </Link>
            ) : (
              '—'
            )}{' '}
            <span dir="auto">
              {formatValue(get(m, 'user_details.name') ?? get(m, 'user_details.full_name'))}
            </span>{' '}
            <StatusBadge status={typeof m.status === 'string' ? m.status : null} />
            {m.is_blocklisted === true && (
              <span className="tag tag-bad">{t('case.evidence.blocklisted')}</span>
            )}
            {typeof m.similarity_percentage === 'number' && (
              <span className="muted small">
                {' '}
                {t('case.evidence.similar', { percent: m.similarity_percentage.toFixed(1) })}
              </span>
            )}
          </>
        )}
      </DiditList>
    </div>
  );
}

/** A read-only list in Didit's order: never reordered, so an item's place is its key. */
function DiditList({
  items,
  ordered,
  className = 'plain',
  children,
}: {
  items: Node[];
  ordered?: boolean;
  className?: string;
  children: (item: Node) => ReactNode;
}) {
  const List = ordered ? 'ol' : 'ul';
  return (
    <List className={className}>
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in Didit's order, never reordered
        <li key={i}>{children(item)}</li>
      ))}
    </List>
  );
}

function ReviewsList({ nodes }: { nodes: Node[] }) {
  return (
    <DiditList items={nodes} ordered className="timeline">
      {(r) => (
        <>
          <StatusBadge status={typeof r.new_status === 'string' ? r.new_status : null} />{' '}
          <span>{formatValue(r.user)}</span>{' '}
          <span className="muted small">
            {formatDateTime(typeof r.created_at === 'string' ? r.created_at : null)}
          </span>
          {typeof r.comment === 'string' && r.comment && <p className="small">{r.comment}</p>}
        </>
      )}
    </DiditList>
  );
}

function SubLists({
  node,
  documentHref,
}: {
  node: Node;
  documentHref?: ((row: number) => string) | undefined;
}) {
  const t = useT();
  const lists = subListsOf(node);
  if (lists.length === 0) return null;
  return (
    <>
      {lists.map((l) => (
        <div key={l.key} className="sub-list">
          <h4>
            <FieldLabel path={l.key} /> <span className="count">{l.rows.length}</span>
          </h4>
          {l.key === 'key_people' ? (
            <KeyPeopleTable rows={l.rows} />
          ) : l.key === 'documents' ? (
            <CompanyDocumentsTable rows={l.rows} href={documentHref} />
          ) : (
            <JsonTable
              rows={l.rows}
              caption={diditLabel('field', l.key)}
              headerLabel={(k) => <FieldLabel path={k} />}
              empty={t('case.evidence.list_empty')}
              compact
            />
          )}
        </div>
      ))}
    </>
  );
}
