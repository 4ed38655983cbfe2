import { AppError } from '../platform/errors.ts';
import { findImportByFingerprint, type RelianceRow } from './imports.repository.ts';
import { findPartnerByApplicationId, type PartnerRow } from './partners.repository.ts';
import { type DecodedShareToken, decodeShareToken, secondsLeft } from './share-token.ts';
import type { ImportWorkflow, SharingDeps } from './sharing.deps.ts';

export interface CheckedToken {
  decoded: DecodedShareToken;
  partner: PartnerRow | undefined;
  secondsLeft: number | undefined;
  earlierImport: RelianceRow | undefined;
}

function minutesText(seconds: number): string {
  const m = Math.round(seconds / 60);
  if (m < 1) return 'less than a minute';
  if (m < 120) return `${m} minute${m === 1 ? '' : 's'}`;
  return `${Math.round(m / 60)} hours`;
}

/**
 * Reads a pasted token and refuses, before Didit is asked, what Didit would refuse: a token that is not a
 * token, one past its `exp`, one minted for another application (when we know ours). The partner is named
 * wherever the token's source application is registered, so the message says whom to ask.
 */
export async function checkToken(deps: SharingDeps, rawToken: string): Promise<CheckedToken> {
  const decoded = decodeShareToken(rawToken);
  const { claims } = decoded;
  const { db } = deps.database;
  const partner = claims.from_application_id
    ? await findPartnerByApplicationId(db, claims.from_application_id.toLowerCase())
    : undefined;
  const who = partner ? `${partner.name}` : 'the partner who sent it';
  const left = secondsLeft(claims, deps.clock.now());
  if (left !== undefined && left <= 0) {
    throw new AppError(
      'SHARE_TOKEN_EXPIRED',
      `This token expired ${minutesText(-left)} ago. Ask ${who} to mint a new one (a token lives between 1 minute and 24 hours) and import it before it expires.`,
      { expired_at: new Date(claims.exp! * 1000).toISOString(), partner_name: partner?.name ?? null },
    );
  }
  const own = deps.ownApplicationId()?.toLowerCase();
  if (own && claims.for_application_id && claims.for_application_id.toLowerCase() !== own) {
    throw new AppError(
      'SHARE_TOKEN_WRONG_APPLICATION',
      `This token was minted for another Didit application (${claims.for_application_id}), so Didit will not let this console import it. Ask ${who} to mint it for our application id ${own}.`,
      {
        for_application_id: claims.for_application_id,
        our_application_id: own,
        partner_name: partner?.name ?? null,
      },
    );
  }
  const earlierImport = await findImportByFingerprint(db, decoded.fingerprint);
  return { decoded, partner, secondsLeft: left, earlierImport };
}

/** Which workflows this token may land in: those of its kind, when the kind of a workflow is known. */
export function workflowsFor(deps: SharingDeps, kind: 'user' | 'business'): ImportWorkflow[] {
  return deps.importWorkflows().filter((w) => w.session_kind === undefined || w.session_kind === kind);
}
