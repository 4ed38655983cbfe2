import { type Kysely, sql } from 'kysely';

/**
 * Presigned media links and the hosted-flow `session_url` are no longer kept at rest (the intake removes them
 * before storing, api/src/sessions/redact-links.ts); this removes those stored before. The same rule in SQL:
 * a string value that is an http(s) URL whose query signs it, or any `session_url`, becomes null. Rows
 * without a link are not rewritten. The raw body keeps every other byte; `payload` and the session documents
 * stay equal to what a refold of the events gives.
 */
const SIGNED = String.raw`"https?://[^"\\?#\s]+\?([^"\\#]*&)?(x-amz-signature|x-amz-credential|x-goog-signature|signature|sig|token|key-pair-id|expires)=[^"\\]*"`;
const SESSION_URL = String.raw`("session_url"\s*:\s*)"https?://[^"\\]*"`;

const redact = (text: ReturnType<typeof sql>) =>
  sql`regexp_replace(regexp_replace(${text}, ${SIGNED}, 'null', 'gi'), ${SESSION_URL}, '\\1null', 'gi')`;
const hasLink = (text: ReturnType<typeof sql>) => sql`(${text} ~* ${SIGNED} or ${text} ~* ${SESSION_URL})`;

export async function up(db: Kysely<any>): Promise<void> {
  const body = sql`convert_from(raw_body, 'UTF8')`;
  await sql`
    update webhook_events set
      raw_body = convert_to(${redact(body)}, 'UTF8'),
      payload = ${redact(sql`payload::text`)}::jsonb
    where payload is not null and ${hasLink(sql`payload::text`)}`.execute(db);
  await sql`
    update sessions set
      decision = case when decision is null then null else ${redact(sql`decision::text`)}::jsonb end,
      metadata = case when metadata is null then null else ${redact(sql`metadata::text`)}::jsonb end
    where ${hasLink(sql`coalesce(decision::text, '') || coalesce(metadata::text, '')`)}`.execute(db);
}

/** The links are gone; there is nothing to put back. */
export async function down(): Promise<void> {}
