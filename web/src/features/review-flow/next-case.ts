import { ApiError } from '../../api/client.ts';
import { client } from '../../api/contract.ts';

/**
 * The reviewer's flow between cases, shared by the queue ("Next case") and the case page ("Approve & next",
 * "Decline & next"), so neither feature reaches into the other.
 */
/**
 * `POST /api/review/next`: the oldest In Review case nobody has, now assigned to and claimed by the caller.
 * Null when none is waiting (NO_NEXT_CASE); other failures throw.
 */
export async function takeNextCase(): Promise<string | null> {
  try {
    return (await client.post('/api/review/next')).session_id;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'NO_NEXT_CASE') return null;
    throw e;
  }
}
