import {
  getInboxPosition,
  getInvocation,
  getJournal,
  getJournalEvents,
  getState,
  isKeyed,
  type InboxPosition,
  type InvocationDetail,
  type JournalEntry,
  type JournalEvent,
  type StateEntry,
} from '../../api/invocations';
import { useRestateQuery } from '../query';
import { clusterKey, type Polled } from './keys';

export interface LoadedInvocation {
  detail?: InvocationDetail;
  journal?: JournalEntry[];
  events?: JournalEvent[];
  state?: StateEntry[];
  inbox?: InboxPosition;
  /** Parts that failed while the invocation itself loaded. */
  partErrors: Array<{ part: string; error: unknown }>;
}

/** The invocation with its journal, retry events, its object's state and its place in the inbox. */
async function loadInvocation(clusterUid: string, id: string): Promise<LoadedInvocation> {
  const detail = await getInvocation(clusterUid, id, { requestId: `restate-invocation-${id}` });
  if (!detail) {
    return { partErrors: [] };
  }
  const keyed = isKeyed(detail) && detail.key !== undefined;
  const parts = await Promise.allSettled([
    getJournal(clusterUid, id),
    getJournalEvents(clusterUid, id),
    keyed ? getState(clusterUid, detail.service, detail.key!) : Promise.resolve(undefined),
    keyed && detail.status === 'pending'
      ? getInboxPosition(clusterUid, id, detail.service, detail.key!)
      : Promise.resolve(undefined),
  ]);
  const names = ['journal', 'retry events', 'state', 'inbox'];
  const partErrors = parts.flatMap((p, i) => (p.status === 'rejected' ? [{ part: names[i], error: p.reason }] : []));
  const value = <T>(i: number) =>
    parts[i].status === 'fulfilled' ? (parts[i] as PromiseFulfilledResult<T>).value : undefined;
  return {
    detail,
    journal: value<JournalEntry[]>(0),
    events: value<JournalEvent[]>(1),
    state: value<StateEntry[] | undefined>(2),
    inbox: value<InboxPosition | undefined>(3),
    partErrors,
  };
}

export const useInvocation = (clusterUid: string, id: string, opts: Polled) =>
  useRestateQuery(clusterKey(clusterUid, 'invocation', id), () => loadInvocation(clusterUid, id), opts);
