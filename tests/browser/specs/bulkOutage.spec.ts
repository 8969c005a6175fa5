import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, openPage, APP_ID } from '../fixtures';

// Issue #19 item 1: Restate killed (SIGKILL, right after it applied one cancel, whose answer is lost) while a bulk
// cancel runs in the page, then restarted on the same ports with its data. The dialog says the run is paused
// because Restate cannot be reached, counts nothing as failed, and finishes by itself once Restate is back, without
// a reload; at a recording proxy in front of the admin API, every id was answered once and none was skipped.

test('a bulk cancel pauses while Restate is down and finishes by itself when it is back: none twice, none skipped', async ({
  page,
  host,
  saveScreenshot,
}) => {
  const { startRestate } = await import('../../harness/restate.mjs');
  const { startTestService, registerDeployment } = await import('../../harness/testService.mjs');
  const { startFaultProxy } = await import('../../harness/faultProxy.mjs');
  const { freePorts } = await import('../../harness/ports.mjs');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'restate-bulk-fault-'));
  const ports = await freePorts(3);
  let restate = await startRestate({ dataDir, ports, clusterName: 'bulk-fault' });
  const service = await startTestService();
  const N = 30;
  let cancels = 0;
  let killed: Promise<void> | undefined;
  let lostId: string | undefined;
  const fault = await startFaultProxy({
    target: restate.adminUrl,
    onRequest: ({ method, path: p }) => {
      if (method !== 'PATCH' || !p.endsWith('/cancel') || ++cancels !== 10) {
        return undefined;
      }
      lostId = p.split('/')[2];
      return {
        loseAnswer: true,
        afterUpstream: () => {
          process.kill(restate.pid, 'SIGKILL');
          killed = restate.stop();
          return killed;
        },
      };
    },
  });
  try {
    await registerDeployment(restate.adminUrl, service.url);
    const res = await fetch(`${restate.ingressUrl}/greeter/fanout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: N, handler: 'slow', input: { seconds: 600 } }),
    });
    expect(res.status).toBe(200);
    const children = (await res.json()) as string[];
    const query = async (sql: string) =>
      (
        (await (
          await fetch(`${restate.adminUrl}/query`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({ query: sql }),
          })
        ).json()) as { rows: Array<Record<string, unknown>> }
      ).rows;
    const idList = children.map((c) => `'${c}'`).join(', ');
    await expect
      .poll(
        async () =>
          (
            await query(
              `SELECT COUNT(*) AS n FROM sys_invocation WHERE id IN (${idList}) AND status IN ('running', 'suspended')`
            )
          )[0].n,
        {
          timeout: 30_000,
        }
      )
      .toBe(N);
    const [parentRow] = await query(`SELECT invoked_by_id AS p FROM sys_invocation WHERE id = '${children[0]}'`);
    const ds = await host.createDataSource({
      name: 'Bulk outage',
      adminUrl: fault.url,
      ingressUrl: restate.ingressUrl,
    });

    await openPage(page, `/a/${APP_ID}/invocations?cluster=${ds.uid}&createdBy=${parentRow.p}`);
    await expect(page.getByText(`${N} matching`, { exact: true })).toBeVisible({ timeout: 15_000 });
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.getByRole('button', { name: `Act on all ${N} matching` }).click();
    await page.getByRole('menuitem', { name: new RegExp(`^Cancel ${N}…`) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: `Cancel ${N} invocations` }).click();

    // Restate dies at the 10th cancel: the run pauses and says why; nothing counts as failed.
    const paused = dialog.getByRole('alert').filter({ hasText: 'Restate cannot be reached: the run is paused' });
    await expect(paused).toBeVisible({ timeout: 30_000 });
    await expect(paused).toContainText('Nothing is counted as failed');
    await expect(paused).toContainText(/next try (in \d+ s|now)/);
    await expect(dialog.getByLabel('Tally')).toContainText('Failed 0');
    await saveScreenshot('bulk-outage-paused', { focus: paused });
    await killed;

    // Back on the same ports with its data: the run goes on by itself and finishes.
    restate = await startRestate({ dataDir, ports, clusterName: 'bulk-fault' });
    await expect(dialog.getByRole('heading', { name: 'Cancel: done' })).toBeVisible({ timeout: 90_000 });
    await expect(dialog.getByText(`${N} of ${N} done.`)).toBeVisible();
    await expect(dialog.getByText(/Restate was unreachable during this run and came back/)).toBeVisible();
    await expect(dialog.getByText(/none was done twice/)).toBeVisible();
    await saveScreenshot('bulk-outage-recovered');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    // At the proxy: every id was sent until one answer reached the page, and never after it; none was skipped.
    // (A 503 from a Restate still starting its partitions says nothing about the id: it is sent again.)
    const perId = new Map<string, Array<{ delivered: boolean; status?: number }>>();
    for (const e of fault.log.filter((x) => x.method === 'PATCH' && x.path.endsWith('/cancel'))) {
      const id = e.path.split('/')[2];
      perId.set(id, [...(perId.get(id) ?? []), e]);
    }
    expect([...perId.keys()].sort()).toEqual([...children].sort());
    const final = (e: { delivered: boolean; status?: number }) => e.delivered && e.status !== 503;
    for (const [id, sent] of perId) {
      expect({ id, final: sent.filter(final).length, lastFinal: final(sent.at(-1)!) }).toEqual({
        id,
        final: 1,
        lastFinal: true,
      });
    }
    expect(perId.get(lostId!)!.length).toBeGreaterThanOrEqual(2);
    await expect
      .poll(
        async () =>
          (
            await query(
              `SELECT COUNT(*) AS n FROM sys_invocation WHERE id IN (${idList}) AND completion_failure = '[409] Cancelled'`
            )
          )[0].n,
        { timeout: 60_000 }
      )
      .toBe(N);
  } finally {
    await fault.close();
    await restate.stop();
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
