import { isDiditError } from '@console/didit/errors';
import type { Kysely } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import { type ChainEntry, entryHash } from '../audit/audit.chain.ts';
import { auditRowsOldestFirst, toChainEntry } from '../audit/audit.repository.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { readAuditHead } from '../audit/audit-head.ts';
import { seesFullPersonalData } from '../authz/personal-data.ts';
import type { Role } from '../platform/config.ts';
import type { DispositionView } from '../review/aml-actions.service.ts';
import { listDispositions } from '../review/aml-dispositions.repository.ts';
import { type DecisionView, toDecisionView } from '../review/decision.view.ts';
import { listSessionDecisions } from '../review/decisions.repository.ts';
import { listNotes } from '../review/notes.repository.ts';
import { type NoteView, toNoteView } from '../review/notes.service.ts';
import type { Actor } from '../review/review.deps.ts';
import type { DB } from '../schema.ts';
import { getSessionOrThrow, listStatusHistory } from '../sessions/sessions.repository.ts';
import { restrictItem, toHistoryEntry, toSessionItem } from '../sessions/sessions.views.ts';
import { sessionProvenance, sessionShares } from '../sharing/provenance.ts';
import { renderCaseReport } from './report.pdf.ts';
import { getRetention, type RecordsDeps, type RetentionView } from './retention.service.ts';

/** Roles that read the audit log itself (permissions.ts): they get each entry whole, addresses included. */
const AUDIT_READERS: readonly Role[] = ['auditor', 'admin'];

/**
 * An audit entry as the case record shows it: `ip` and `user_agent` are withheld (null) from roles that do
 * not read the audit log (the entry's hash still names them); `hash_ok` is the hash recomputed from the
 * content and `prev_hash` (null: content withheld, not checked).
 */
export type AuditEntryView = ChainEntry & { hash_ok: boolean | null };

/** The console's own record of a case: what the PDF prints and attaches as `case-record.json`. */
export interface CaseRecord {
  generated_at: string;
  generated_by: { id: string; name: string; email: string };
  session: ReturnType<typeof toSessionItem>;
  retention: RetentionView;
  history: ReturnType<typeof toHistoryEntry>[];
  decisions: DecisionView[];
  notes: NoteView[];
  aml_dispositions: Omit<DispositionView, 'id'>[];
  provenance: unknown;
  shares: unknown[];
  audit: { entries: AuditEntryView[]; head: { seq: number; hash: string } | null };
  didit_report: { included: boolean; filename: string | null; reason: string | null };
}

export interface CaseReport {
  pdf: Uint8Array;
  filename: string;
  record: CaseRecord;
}

/**
 * The case report (docs/features.md "Case records"): the console's record of the case — decision, reviewers,
 * four-eyes, notes, AML dispositions, provenance, the case's audit entries and the chain head they verify
 * against — with Didit's own report (docs/didit.md §2.7, `generate-pdf`) appended when Didit renders one and
 * the reader's role may see the personal data in it. The access is audited before anything is read, so the
 * report lists its own access entry and its head covers it.
 */
export async function buildCaseReport(
  deps: RecordsDeps,
  actor: Actor & { email: string },
  sessionId: string,
): Promise<CaseReport> {
  const row = await getSessionOrThrow(deps.db, sessionId);
  const fullData = seesFullPersonalData(actor.roles);
  const retention = await getRetention(deps.db, sessionId);

  const didit = await diditReport(deps, sessionId, fullData, retention);
  const now = deps.clock.now();
  await appendAudit(deps.db, {
    ...actor.audit,
    at: now,
    action: 'records.report',
    subjectType: 'session',
    subjectId: sessionId,
    sessionId,
    details: { didit_report: didit.included ? 'included' : didit.reason },
  });

  const record = await readRecord(deps.db, row, { actor, fullData, retention, now, didit });
  const pdf = await renderCaseReport(record, didit.bytes);
  return { pdf, filename: `case_${sessionId}.pdf`, record };
}

async function readRecord(
  db: Kysely<DB>,
  row: Awaited<ReturnType<typeof getSessionOrThrow>>,
  ctx: {
    actor: Actor & { email: string };
    fullData: boolean;
    retention: RetentionView;
    now: Date;
    didit: { included: boolean; filename: string | null; reason: string | null };
  },
): Promise<CaseRecord> {
  const sessionId = row.session_id;
  const [history, decisions, notes, dispositions, provenance, shares, audit, head] = await Promise.all([
    listStatusHistory(db, sessionId),
    listSessionDecisions(db, sessionId, 1000),
    listNotes(db, sessionId),
    listDispositions(db, sessionId, 5000),
    sessionProvenance(db, row),
    sessionShares(db, row, ctx.now),
    auditRowsOldestFirst(db, { sessionId }, 2000),
    readAuditHead(db),
  ]);
  const wholeAudit = ctx.actor.roles.some((r) => AUDIT_READERS.includes(r));
  const item = toSessionItem(row);
  return {
    generated_at: ctx.now.toISOString(),
    generated_by: { id: ctx.actor.id, name: ctx.actor.name, email: ctx.actor.email },
    session: ctx.fullData ? item : restrictItem(item),
    retention: ctx.retention,
    history: history.map(toHistoryEntry),
    decisions: decisions.map(toDecisionView).reverse(),
    notes: notes.map(toNoteView),
    aml_dispositions: dispositions.reverse().map((d) => ({
      action_id: d.action_id,
      hit_id: d.hit_id,
      node_id: d.node_id,
      previous_status: d.previous_status,
      new_status: d.new_status,
      comment: d.comment,
      actor: { id: d.actor_id, name: d.actor_name },
      created_at: d.created_at.toISOString(),
      undoes_action: d.undoes_action,
    })),
    provenance,
    shares,
    audit: { entries: audit.map((e) => auditEntryView(e, wholeAudit)), head: head ?? null },
    didit_report: ctx.didit,
  };
}

function auditEntryView(
  e: Awaited<ReturnType<typeof auditRowsOldestFirst>>[number],
  whole: boolean,
): AuditEntryView {
  const entry = toChainEntry(e);
  return {
    ...entry,
    ip: whole ? entry.ip : null,
    user_agent: whole ? entry.user_agent : null,
    hash_ok: whole ? entryHash(entry.prev_hash, entry) === entry.hash : null,
  };
}

/** Didit's PDF when it renders one for this case and the reader may see what it holds. */
async function diditReport(
  deps: RecordsDeps,
  sessionId: string,
  fullData: boolean,
  retention: RetentionView,
): Promise<{ included: boolean; filename: string | null; reason: string | null; bytes: Uint8Array | null }> {
  const none = (reason: string) => ({ included: false, filename: null, reason, bytes: null });
  if (retention.erasure) return none('erased: the session was deleted at Didit');
  // Didit's report carries the whole identity (birth date, address, document images): the same data
  // authz/personal-data.ts withholds from partner managers and auditors.
  if (!fullData) return none('withheld: it holds personal data your role does not see');
  if (!deps.didit) return none('unavailable: no Didit client is configured');
  try {
    const pdf = await deps.didit.generatePdf(sessionId);
    // Appended page by page: a body that starts like a PDF but does not parse is reported, not fatal.
    if (
      !(await PDFDocument.load(pdf.bytes, { updateMetadata: false }).then(
        () => true,
        () => false,
      ))
    ) {
      return none('unreadable: Didit answered a PDF that could not be parsed');
    }
    return { included: true, filename: pdf.filename, reason: null, bytes: pdf.bytes };
  } catch (err) {
    if (!isDiditError(err)) throw err;
    if (err.status === 403) return none('not rendered by Didit for this status (403)');
    if (err.kind === 'not_found') return none('Didit has no such session (404)');
    return none(`unavailable: Didit answered ${err.kind}${err.status ? ` (${err.status})` : ''}`);
  }
}
