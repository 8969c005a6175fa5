// Generated from the JSDoc of faultProxy.mjs; regenerate with the command in tests/harness/README.md.
export type FaultLogEntry = {
  method: string;
  /** the request's path and query */
  path: string;
  /** epoch ms when it arrived */
  at: number;
  /** what the upstream answered (undefined: no answer, see `error`) */
  status?: number;
  /** the transport error reaching the upstream (e.g. ECONNREFUSED) */
  error?: string;
  /** the client got the upstream's answer */
  delivered: boolean;
  /** the test's `onRequest` answered instead of the upstream */
  answeredByProxy?: boolean;
  /** epoch ms when the exchange ended (answered or dropped): with `at`, how many overlap */
  doneAt?: number;
};
export type FaultVerdict =
  | undefined
  | { answer: { status: number; headers?: Record<string, string>; body?: string } }
  | { loseAnswer: true; afterUpstream?: () => Promise<void> | void };
export function startFaultProxy({
  target,
  onRequest,
}: {
  target: string | (() => string);
  onRequest?: (req: { method: string; path: string }) => FaultVerdict | Promise<FaultVerdict>;
}): Promise<{ url: string; log: FaultLogEntry[]; close: () => Promise<void> }>;
