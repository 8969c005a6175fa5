import type { Page } from '@playwright/test';
import { test, expect, openPage, APP_ID, type RestateFixture } from '../fixtures';

// The journal as a timeline, restart as new from an entry on a chosen deployment, Retry now and resume on another
// deployment (issue 16 items 2 and 5), on the run's shared Restate. The `timeline` service is served by two
// deployments of its own (two SDK processes, started and stopped here), so the shared greeter/counter/signup
// deployment is untouched; `trip` calls the shared greeter.

interface Deployed {
  id: string;
  url: string;
  stop: () => Promise<void>;
}
let v1: Deployed;
let v2: Deployed;

test.beforeAll(async () => {
  const { startTestService, registerDeployment } = await import('../../harness/testService.mjs');
  const adminUrl = process.env.RESTATE_ADMIN_URL!;
  const start = async (): Promise<Deployed> => {
    const service = await startTestService({ services: ['timeline'] });
    const { id } = await registerDeployment(adminUrl, service.url);
    return { id, url: service.url, stop: service.stop };
  };
  v1 = await start();
  // Registered second: the latest for `timeline`.
  v2 = await start();
});

test.afterAll(async () => {
  const adminUrl = process.env.RESTATE_ADMIN_URL!;
  for (const d of [v2, v1]) {
    if (d) {
      await d.stop();
      await fetch(`${adminUrl}/deployments/${d.id}?force=true`, { method: 'DELETE' }).catch(() => undefined);
    }
  }
});

async function sendTo(restate: RestateFixture, handler: string, input: unknown) {
  const r = await restate.invoke<{ invocationId: string }>('timeline', handler, input, { send: true });
  return r.invocationId;
}

async function statusOf(restate: RestateFixture, id: string) {
  const [row] = await restate.query<{ status: string; retry_count?: number; pinned_deployment_id?: string }>(
    `SELECT status, retry_count, pinned_deployment_id FROM sys_invocation WHERE id = '${id}'`
  );
  return row ?? { status: 'gone' };
}

const entry = (page: Page, name: RegExp) =>
  page.getByRole('list', { name: 'Journal entries' }).getByRole('button', { name });

test('read the journal as a timeline, expand an entry, restart as new from it on a chosen deployment', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  const id = await sendTo(restate, 'trip', { sleepMs: 400, awakeMs: 400, bigBytes: 3000, failures: 1 });
  await expect.poll(async () => (await statusOf(restate, id)).status, { timeout: 20_000 }).toBe('completed');
  const ds = await host.createDataSource({ name: 'Journal journey' });
  await host.setRole('Editor');
  await openPage(page, `/a/${APP_ID}/invocations/${id}?cluster=${ds.uid}`);

  // Where the time went: the call, the sleep, the awakeable and the run, each with its duration, and the retry.
  await expect(entry(page, /^#1 Call greeter\/greet \d+ ms/)).toBeVisible();
  await expect(entry(page, /^#4 Sleep \d{3} ms/)).toBeVisible();
  await expect(entry(page, /^#8 Awakeable resolved \d{3} ms/)).toBeVisible();
  await expect(entry(page, /^#9 Run “big”/)).toBeVisible();
  const journal = page.getByRole('list', { name: 'Journal entries' });
  await expect(journal.getByText('Attempt failed')).toBeVisible();
  await expect(journal.getByText(/\[500\] trip failure #1/)).toBeVisible();
  await expect(page.getByText(/12 entries over \d(\.\d)? s · 1 failed attempt shown/)).toBeVisible();
  await saveScreenshot('journal-timeline', { focus: page.getByRole('heading', { name: 'Journal' }) });

  // Keyboard: Tab to an entry, Enter expands it; the big run result is collapsed until "Show all".
  const run = entry(page, /^#10 Run completed/);
  await entry(page, /^#9 Run “big”/).focus();
  await page.keyboard.press('Tab');
  await expect(run).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(run).toHaveAttribute('aria-expanded', 'true');
  const result = page.getByLabel('result payload');
  await expect(result).toContainText('"blob": "xxxx');
  expect((await result.textContent())!.length).toBeLessThan(1000);
  await page.getByRole('button', { name: 'Show all (3.0 KB)' }).click();
  await expect(result).toContainText('x'.repeat(3000));
  await run.focus();
  await page.keyboard.press('Enter');
  await expect(run).toHaveAttribute('aria-expanded', 'false');
  const input = entry(page, /^#0 Input/);
  await input.click();
  await expect(page.getByLabel('input payload')).toContainText('"sleepMs": 400');
  // Expanded entries are in the URL: the link opens the same view.
  await expect(page).toHaveURL(/entries=0(&|$)/);
  await saveScreenshot('journal-timeline-expanded', { focus: input });

  // Restart as new from #5 (after the sleep), on v1 (not the latest deployment).
  await entry(page, /^#5 Sleep completed/).click();
  await page.getByRole('button', { name: 'Restart as new from #5…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('combobox', { name: 'Keep the journal up to (included)' })).toHaveValue(
    '#5 Sleep completed'
  );
  await dialog.getByRole('radio', { name: 'Another deployment' }).click();
  const picker = dialog.getByRole('combobox', { name: 'Deployment to run on' });
  await picker.click();
  await picker.fill(v1.id);
  await page.getByRole('option', { name: new RegExp(v1.id) }).click();
  await expect(picker).toHaveValue(v1.id);
  await saveScreenshot('journal-restart-dialog');
  await dialog.getByRole('button', { name: 'Restart from #5' }).click();
  await expect(dialog.getByText('Restarted as new')).toBeVisible();
  const newLink = dialog.getByRole('link', { name: /^inv_/ });
  const newId = (await newLink.textContent())!;
  expect(newId).not.toBe(id);
  await saveScreenshot('journal-restart-done');
  await newLink.click();
  await expect(page).toHaveURL(new RegExp(`/a/${APP_ID}/invocations/${newId}\\?cluster=${ds.uid}`));
  await expect(page.getByRole('link', { name: id })).toBeVisible(); // "Restarted from"
  await expect(page.getByRole('link', { name: v1.id })).toBeVisible({ timeout: 15_000 }); // pinned to v1
  await expect.poll(async () => (await statusOf(restate, newId)).pinned_deployment_id).toBe(v1.id);
  expect(pageProblems.errors).toEqual([]);
});

test('Retry now on a backing-off invocation; pause it and resume it on another deployment; a Viewer cannot', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  // Fails every attempt, then backs off for an hour.
  const id = await sendTo(restate, 'stuck', {});
  await expect.poll(async () => (await statusOf(restate, id)).status, { timeout: 20_000 }).toBe('backing-off');
  const first = await statusOf(restate, id);
  expect(first).toMatchObject({ retry_count: 1, pinned_deployment_id: v2.id });
  const ds = await host.createDataSource({ name: 'Retry journey' });

  // A Viewer sees the button disabled with the reason, and the backend refuses the call itself.
  await host.setRole('Viewer');
  await openPage(page, `/a/${APP_ID}/invocations/${id}?cluster=${ds.uid}`);
  await expect(page.getByRole('button', { name: 'Retry now' })).toBeDisabled();
  const refused = await page.evaluate(
    async ([uid, inv]) =>
      (await fetch(`/api/datasources/uid/${uid}/resources/invocations/${inv}/resume`, { method: 'PATCH' })).status,
    [ds.uid, id]
  );
  expect(refused).toBe(403);
  expect((await statusOf(restate, id)).retry_count).toBe(1);

  await host.setRole('Editor');
  await openPage(page, `/a/${APP_ID}/invocations/${id}?cluster=${ds.uid}`);
  await page.getByRole('button', { name: 'Retry now' }).click();
  await expect(page.getByRole('status').getByText('Retry started')).toBeVisible();
  await expect.poll(async () => (await statusOf(restate, id)).retry_count, { timeout: 15_000 }).toBe(2);
  // The page shows the second attempt and its failure on the timeline.
  await expect(page.getByText('stuck attempt #2', { exact: false }).first()).toBeVisible({ timeout: 15_000 });
  await saveScreenshot('journal-retry-now', { focus: page.getByRole('heading', { name: 'Journal' }) });

  // Pause, then resume on v1.
  await page.getByLabel('Actions').getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Pause invocation' }).click();
  await page.getByRole('button', { name: 'Close', exact: true }).last().click();
  await expect.poll(async () => (await statusOf(restate, id)).status, { timeout: 15_000 }).toBe('paused');
  await page.getByLabel('Actions').getByRole('button', { name: 'Resume' }).click({ timeout: 15_000 });
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Resume this paused invocation')).toBeVisible();
  await dialog.getByRole('radio', { name: 'Another deployment' }).click();
  const picker = dialog.getByRole('combobox', { name: 'Deployment to run on' });
  await picker.click();
  await picker.fill(v1.id);
  await page.getByRole('option', { name: new RegExp(v1.id) }).click();
  await saveScreenshot('journal-resume-dialog');
  await dialog.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(dialog.getByText('Restate runs it again on the chosen deployment.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  await expect.poll(async () => (await statusOf(restate, id)).pinned_deployment_id, { timeout: 15_000 }).toBe(v1.id);
  await expect(page.getByRole('link', { name: v1.id })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(`on port ${new URL(v1.url).port}`, { exact: false }).first()).toBeVisible({
    timeout: 15_000,
  });
  await saveScreenshot('journal-resumed-on-other-deployment', {
    focus: page.getByRole('heading', { name: 'Journal' }),
  });
  expect(pageProblems.errors).toEqual([]);
});
