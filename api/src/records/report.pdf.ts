import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { CaseRecord } from './report.service.ts';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const GREY = rgb(0.35, 0.35, 0.35);

/** Lays text out top to bottom, wrapping lines and starting pages as it goes. */
class Writer {
  private page!: PDFPage;
  private y = 0;
  private readonly drawable: Set<number>;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont; mono: PDFFont },
  ) {
    this.drawable = new Set(fonts.regular.getCharacterSet());
    this.newPage();
  }

  private newPage() {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }

  /**
   * The standard fonts draw WinAnsi only: anything else is drawn as `?` (the attached case-record.json keeps
   * every string exact).
   */
  private clean(text: string): string {
    let out = '';
    for (const ch of text.replace(/[\r\n\t]+/g, ' ')) out += this.drawable.has(ch.codePointAt(0)!) ? ch : '?';
    return out;
  }

  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      // A word wider than the line (a hash, a long id): cut it.
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let n = rest.length;
        while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--;
        lines.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
    if (line || lines.length === 0) lines.push(line);
    return lines;
  }

  text(
    text: string,
    opts: { size?: number; bold?: boolean; mono?: boolean; indent?: number; grey?: boolean } = {},
  ) {
    const size = opts.size ?? 9.5;
    const font = opts.mono ? this.fonts.mono : opts.bold ? this.fonts.bold : this.fonts.regular;
    const x = MARGIN + (opts.indent ?? 0);
    for (const line of this.wrap(this.clean(text), font, size, A4.width - MARGIN - x)) {
      if (this.y - size < MARGIN) this.newPage();
      this.y -= size * 1.35;
      this.page.drawText(line, { x, y: this.y, size, font, ...(opts.grey ? { color: GREY } : {}) });
    }
  }

  heading(text: string) {
    this.gap(8);
    this.text(text, { size: 12.5, bold: true });
    this.gap(2);
  }

  field(label: string, value: unknown) {
    this.text(`${label}: ${value === null || value === undefined || value === '' ? '—' : String(value)}`, {
      indent: 8,
    });
  }

  gap(points: number) {
    this.y -= points;
  }
}

const who = (p: { name: string } | null) => (p ? p.name || '(unnamed user)' : '—');

/**
 * The case report as PDF: the console's record in sections, `case-record.json` attached (the same record,
 * machine-readable, strings exact), then Didit's own report's pages when there is one.
 */
export async function renderCaseReport(record: CaseRecord, diditPdf: Uint8Array | null): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const at = new Date(record.generated_at);
  doc.setTitle(`Case report ${record.session.session_id}`);
  doc.setSubject('Didit compliance review console: case report');
  doc.setProducer('Didit compliance review console');
  doc.setCreator('Didit compliance review console');
  doc.setCreationDate(at);
  doc.setModificationDate(at);
  const w = new Writer(doc, {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    mono: await doc.embedFont(StandardFonts.Courier),
  });
  const s = record.session;

  w.text(`Case report — session ${s.session_id}`, { size: 16, bold: true });
  w.text(`Generated ${record.generated_at} for ${record.generated_by.name} (${record.generated_by.email})`, {
    grey: true,
  });

  w.heading('Session');
  w.field('Session number', s.session_number);
  w.field('Kind', s.session_kind === 'business' ? 'Business (KYB)' : 'Person (KYC)');
  w.field('Status', s.status);
  w.field('Workflow', s.workflow_id ? `${s.workflow_id} (version ${s.workflow_version ?? '?'})` : null);
  w.field('Vendor data', s.vendor_data);
  w.field('Name', s.full_name);
  w.field('Document number', s.document_number);
  w.field('Created', s.created_at);
  w.field('Last event', s.last_event_at);
  w.field('AML hits', `${s.aml_hits} (${s.aml_unreviewed_hits} not reviewed)`);
  w.field(
    'Warnings',
    `${s.warning_counts.error} errors, ${s.warning_counts.warning} warnings, ${s.warning_counts.information} notices`,
  );
  w.field(
    'Imported',
    s.imported ? `yes, shared from ${s.shared_from_session ?? 'an unknown session'}` : 'no',
  );

  const { legal_hold: hold, erasure } = record.retention;
  w.field('Legal hold', hold ? `set ${hold.set_at} by ${who(hold.set_by)}: ${hold.reason}` : 'none');
  if (erasure) {
    w.field(
      'Erased',
      `${erasure.erased_at} by ${who(erasure.erased_by)} (${erasure.reason}); Didit: ${erasure.didit_outcome}; ` +
        `${erasure.events_redacted} events redacted`,
    );
  }

  w.heading('Status history');
  if (record.history.length === 0) w.text('No events.', { indent: 8 });
  for (const h of record.history)
    w.text(`${h.at}  ${h.status ?? '(no status)'}  via ${h.source}`, { indent: 8 });

  w.heading('Reviewer decisions');
  if (record.decisions.length === 0) w.text('No reviewer decision.', { indent: 8 });
  for (const d of record.decisions) {
    w.text(`${d.new_status} — ${d.state}, requested ${d.requested_at} by ${who(d.requested_by)}`, {
      bold: true,
      indent: 8,
    });
    w.field('From status', d.previous_status);
    w.field('Comment', d.comment);
    w.field('Reason codes', d.reason_codes.join(', '));
    w.field(
      'Four-eyes',
      d.four_eyes_rules.length === 0
        ? 'not required'
        : `required (${d.four_eyes_rules.join(', ')}); ` +
            (d.confirmed_by
              ? `confirmed ${d.confirmed_at} by ${who(d.confirmed_by)}`
              : d.rejected_by
                ? `rejected ${d.rejected_at} by ${who(d.rejected_by)}: ${d.reject_comment ?? ''}`
                : 'not confirmed yet'),
    );
    w.field(
      'Didit',
      d.didit
        ? `answered ${d.didit.answered_at}, HTTP ${d.didit.http_status ?? '—'}${d.didit.error_code ? `, ${d.didit.error_code}` : ''}`
        : 'not sent',
    );
  }

  w.heading('Notes');
  if (record.notes.length === 0) w.text('No notes.', { indent: 8 });
  for (const n of record.notes) {
    w.text(`${n.created_at} — ${who(n.author)}`, { bold: true, indent: 8 });
    w.text(n.body, { indent: 16 });
  }

  w.heading('AML hit dispositions');
  if (record.aml_dispositions.length === 0) w.text('No dispositions.', { indent: 8 });
  for (const d of record.aml_dispositions) {
    w.text(
      `${d.created_at} — hit ${d.hit_id}: ${d.previous_status ?? '—'} -> ${d.new_status} by ${who(d.actor)}` +
        (d.undoes_action ? ' (undo)' : ''),
      { indent: 8 },
    );
    w.text(`Comment: ${d.comment}`, { indent: 16 });
  }

  w.heading('Provenance and shares');
  const provenance = record.provenance as Record<string, unknown> | null;
  if (!provenance) w.text('Created in this application (not imported).', { indent: 8 });
  else for (const [k, v] of Object.entries(provenance)) w.field(k.replaceAll('_', ' '), v);
  const shares = record.shares as { created_at: string; partner_name: string | null; state: string }[];
  w.text(shares.length === 0 ? 'Never shared.' : `Shared ${shares.length} time(s):`, { indent: 8 });
  for (const sh of shares)
    w.text(`${sh.created_at} to ${sh.partner_name ?? 'an unnamed partner'} (${sh.state})`, { indent: 16 });

  w.heading('Audit entries for this case');
  const head = record.audit.head;
  w.text(
    head
      ? `They verify against the audit chain head seq ${head.seq}, hash ${head.hash} (pnpm audit:verify --expect-head ${head.seq}:${head.hash}).`
      : 'The audit log is empty.',
    { indent: 8 },
  );
  for (const e of record.audit.entries) {
    const check = e.hash_ok === null ? '' : e.hash_ok ? ' [hash ok]' : ' [HASH MISMATCH]';
    w.text(`#${e.seq} ${e.at} ${e.action} by ${e.actor_label}${check}`, { indent: 8 });
    w.text(`hash ${e.hash}  prev ${e.prev_hash}`, { mono: true, size: 6.5, indent: 16, grey: true });
  }

  w.heading("Didit's report");
  const dr = record.didit_report;
  w.text(
    dr.included
      ? `Didit's own report (${dr.filename ?? 'generate-pdf'}) follows on the next pages.`
      : `Not included: ${dr.reason}.`,
    { indent: 8 },
  );
  w.text('The console record is attached to this PDF as case-record.json.', { indent: 8, grey: true });

  await doc.attach(new TextEncoder().encode(JSON.stringify(record, null, 2)), 'case-record.json', {
    mimeType: 'application/json',
    description: 'The console record of this case (the same content as the pages, machine-readable)',
    creationDate: at,
    modificationDate: at,
  });

  if (diditPdf) {
    const theirs = await PDFDocument.load(diditPdf, { updateMetadata: false });
    for (const p of await doc.copyPages(theirs, theirs.getPageIndices())) doc.addPage(p);
  }
  return doc.save();
}
