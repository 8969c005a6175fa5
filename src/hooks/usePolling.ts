import { useEffect, useState, useSyncExternalStore } from 'react';
import { isRestateApiError } from '../api/errors';

export interface PollingOptions {
  /** Refresh interval when all goes well; 0 or undefined: load once and on `refresh()` only. */
  intervalMs?: number;
  /** Upper bound of the backed-off interval. */
  maxIntervalMs?: number;
  /** False: do not load (e.g. invalid filters). */
  enabled?: boolean;
}

export interface PollingSnapshot<T> {
  data?: T;
  error?: unknown;
  /** True while the first load (or the first after a change of what is loaded) is in flight. */
  loading: boolean;
  /** True while any load is in flight. */
  fetching: boolean;
  /** The delay before the next automatic refresh, after back-off; undefined when none is planned. */
  delayMs?: number;
}

export interface PollingState<T> extends PollingSnapshot<T> {
  refresh: () => void;
}

/**
 * The delay before the next poll: the base interval while all goes well, doubled for each error in a
 * row (capped), and never shorter than a rate limit's Retry-After.
 */
export function nextDelay(baseMs: number, consecutiveErrors: number, error: unknown, maxMs: number): number {
  const backedOff = Math.min(baseMs * 2 ** consecutiveErrors, Math.max(maxMs, baseMs));
  const retryAfter =
    isRestateApiError(error) && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0;
  return Math.max(backedOff, retryAfter);
}

function isHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

/**
 * Loads and re-loads one thing on a timer, outside React so that timers, generations and
 * visibility are plain state. A newer `start()` makes the answers of older loads be dropped.
 */
export class Poller<T> {
  private snapshot: PollingSnapshot<T> = { loading: false, fetching: false };
  private listeners = new Set<() => void>();
  private generation = 0;
  private errors = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dueWhileHidden = false;
  private load: (() => Promise<T>) | undefined;
  private opts: Required<PollingOptions> = { intervalMs: 0, maxIntervalMs: 5 * 60_000, enabled: true };

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  private set(patch: Partial<PollingSnapshot<T>>) {
    this.snapshot = { ...this.snapshot, ...patch };
    this.listeners.forEach((l) => l());
  }

  private onVisibility = () => {
    if (!isHidden() && this.dueWhileHidden) {
      this.dueWhileHidden = false;
      this.run(this.generation);
    }
  };

  start(load: () => Promise<T>, opts: PollingOptions = {}) {
    this.stop();
    this.load = load;
    this.opts = {
      intervalMs: opts.intervalMs ?? 0,
      maxIntervalMs: opts.maxIntervalMs ?? 5 * 60_000,
      enabled: opts.enabled ?? true,
    };
    this.errors = 0;
    if (typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', this.onVisibility);
    }
    if (!this.opts.enabled) {
      this.set({ loading: false, fetching: false, delayMs: undefined });
      return;
    }
    this.set({ loading: true });
    this.run(this.generation);
  }

  stop() {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dueWhileHidden = false;
    if (typeof document !== 'undefined') {
      document.removeEventListener('visibilitychange', this.onVisibility);
    }
  }

  refresh = () => {
    if (this.load && this.opts.enabled) {
      this.errors = 0;
      this.run(this.generation);
    }
  };

  private async run(gen: number) {
    const load = this.load;
    if (!load) {
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.set({ fetching: true });
    let data: T | undefined;
    let error: unknown;
    try {
      data = await load();
    } catch (e) {
      error = e;
    }
    // Superseded by a newer request with the same requestId (a refresh while in flight): that one reports.
    if (gen !== this.generation || (isRestateApiError(error) && error.cancelled)) {
      return;
    }
    this.errors = error === undefined ? 0 : this.errors + 1;
    const { intervalMs, maxIntervalMs } = this.opts;
    const delayMs = intervalMs > 0 ? nextDelay(intervalMs, this.errors, error, maxIntervalMs) : undefined;
    // On an error keep the last data: the page shows it with the error rather than going blank.
    this.set({
      data: error === undefined ? data : this.snapshot.data,
      error,
      loading: false,
      fetching: false,
      delayMs,
    });
    if (delayMs !== undefined) {
      this.timer = setTimeout(() => {
        if (gen !== this.generation) {
          return;
        }
        if (isHidden()) {
          this.dueWhileHidden = true;
          return;
        }
        this.run(gen);
      }, delayMs);
    }
  }
}

/**
 * Loads `load()` now and whenever `deps` change, then refreshes it every `intervalMs`: the interval
 * doubles after each error in a row and honours `Retry-After` on 429 (Restate Cloud rate-limits);
 * polling stops while the tab is hidden and catches up when it is shown again. A slow answer to an
 * older request never overwrites a newer one.
 */
export function usePolling<T>(load: () => Promise<T>, deps: unknown[], opts: PollingOptions = {}): PollingState<T> {
  const [poller] = useState(() => new Poller<T>());
  const snapshot = useSyncExternalStore(poller.subscribe, poller.getSnapshot);
  const { intervalMs, maxIntervalMs, enabled } = opts;
  useEffect(() => {
    poller.start(load, { intervalMs, maxIntervalMs, enabled });
    return () => poller.stop();
    // `load` is a new closure on every render; what it loads is named by `deps`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [poller, intervalMs, maxIntervalMs, enabled, ...deps]);
  return { ...snapshot, refresh: poller.refresh };
}
