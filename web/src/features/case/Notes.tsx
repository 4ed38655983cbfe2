import { useUser } from '../../app/auth-context.tsx';
import { Form, TextAreaField } from '../../components/Field.tsx';
import { Panel } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { draftKey, useDraft } from '../../lib/drafts.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAction } from '../../lib/use-action.ts';
import { addNote, type Note } from './case.api.ts';

export function Notes({
  sessionId,
  notes,
  canWrite,
  onAdded,
}: {
  sessionId: string;
  notes: Note[];
  canWrite: boolean;
  onAdded: () => void;
}) {
  const user = useUser();
  // Kept locally while typed: a login that ends mid-note gives it back after sign-in.
  const [body, setBody, clearBody] = useDraft(draftKey(user.id, sessionId, 'note'));
  const { busy, run } = useAction();
  const t = useT();
  return (
    <Panel id="notes-title" title={t('case.notes.title')}>
      {notes.length === 0 && <p className="muted">{t('case.notes.empty')}</p>}
      <ul className="notes">
        {notes.map((n) => (
          <li key={n.id}>
            <div className="small muted">
              {n.author} · {formatDateTime(n.createdAt)}
            </div>
            <p className="pre-wrap">{n.body}</p>
          </li>
        ))}
      </ul>
      {canWrite && (
        <Form
          className="stack"
          onSubmit={() => {
            if (!body.trim()) return;
            void run(async () => {
              await addNote(sessionId, body.trim());
              clearBody();
              onAdded();
            }, t('case.notes.not_saved'));
          }}
        >
          <TextAreaField
            label={t('case.notes.add')}
            rows={3}
            value={body}
            onValue={setBody}
            data-testid="note-input"
          />
          <button type="submit" className="button" disabled={busy || !body.trim()}>
            {t('case.notes.save')}
          </button>
        </Form>
      )}
    </Panel>
  );
}
