import { Link } from 'react-router-dom';

/** A session by its short id (the first 8 characters), linking to its case page. */
export function SessionLink({ id }: { id: string }) {
  return (
    <Link className="mono small" to={`/sessions/${encodeURIComponent(id)}`}>
      {id.slice(0, 8)}
    </Link>
  );
}

/** A token's SHA-256 fingerprint by its first 12 hex digits; the whole on hover. */
export function Fingerprint({ sha256 }: { sha256: string }) {
  return (
    <span className="mono small" title={sha256}>
      {sha256.slice(0, 12)}…
    </span>
  );
}
