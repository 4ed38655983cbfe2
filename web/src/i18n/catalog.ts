/**
 * The message catalogs' shape, from the English files (the reference: every key exists there first).
 * One file per namespace and locale, `messages/<locale>/<namespace>.json`, flat keys; a message's id is
 * `<namespace>.<key>`. Feature owners edit only their namespace's files, so parallel work does not collide.
 * `pnpm lint` runs `web/scripts/check-messages.mjs`: a key missing in a locale, or in no code, fails it.
 */
import type admin from './messages/en/admin.json';
import type app from './messages/en/app.json';
import type audit from './messages/en/audit.json';
import type auth from './messages/en/auth.json';
import type caseMessages from './messages/en/case.json';
import type components from './messages/en/components.json';
import type dashboard from './messages/en/dashboard.json';
import type didit from './messages/en/didit.json';
import type entity from './messages/en/entity.json';
import type errors from './messages/en/errors.json';
import type queue from './messages/en/queue.json';
import type sharing from './messages/en/sharing.json';

interface Catalog {
  admin: typeof admin;
  app: typeof app;
  audit: typeof audit;
  auth: typeof auth;
  case: typeof caseMessages;
  components: typeof components;
  dashboard: typeof dashboard;
  didit: typeof didit;
  entity: typeof entity;
  errors: typeof errors;
  queue: typeof queue;
  sharing: typeof sharing;
}

export type Namespace = keyof Catalog;

/** Every message id, e.g. `'app.nav.queue'`. Write keys as whole string literals (the check reads them). */
export type MessageKey = { [N in Namespace]: `${N}.${keyof Catalog[N] & string}` }[Namespace];

export type Messages = Record<string, string>;

/** `messages/<locale>/*.json` (as `import.meta.glob` returns them) → one flat `{ 'ns.key': message }`. */
export function flattenCatalog(files: Record<string, Record<string, string>>): Messages {
  const out: Messages = {};
  for (const [file, entries] of Object.entries(files)) {
    const ns = file.replace(/^.*\//, '').replace(/\.json$/, '');
    for (const [key, message] of Object.entries(entries)) out[`${ns}.${key}`] = message;
  }
  return out;
}
