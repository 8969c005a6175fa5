// Generated from the JSDoc of fleet.mjs; regenerate with the command in tests/harness/README.md.
/**
 * Registers `count` deployments `<serviceUrl>/<prefix><i>` for i in [from, from + count), `concurrency` at a
 * time (default 1; batches in order, so the newest is the one with the highest i), and
 * returns them in i order.
 * @param {string} adminUrl
 * @param {string} serviceUrl
 * @param {{ count: number, from?: number, prefix?: string, concurrency?: number,
 *   metadata?: (i: number) => Record<string, string> | undefined }} opts
 * @returns {Promise<Array<{ id: string, uri: string }>>}
 */
export function registerFleet(
  adminUrl: string,
  serviceUrl: string,
  opts: {
    count: number;
    from?: number;
    prefix?: string;
    concurrency?: number;
    metadata?: (i: number) => Record<string, string> | undefined;
  }
): Promise<
  Array<{
    id: string;
    uri: string;
  }>
>;
