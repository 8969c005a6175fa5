import { test, expect, openPage, APP_ID } from '../fixtures';

// The State page (issue 16, item 3): a keys browser per virtual object or workflow, one key's state viewed,
// edited and cleared through POST /services/{service}/state (Editor route) with the version check. Keys are
// unique to this run so the shared Restate's other state does not matter.

const run = Date.now().toString(36);
const prefix = `st-${run}-`;

/** Sets a key's whole state straight on Restate's admin API (test set-up, not the plugin). */
async function putState(adminUrl: string, key: string, state: Record<string, Uint8Array>) {
  const res = await fetch(`${adminUrl}/services/counter/state`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      object_key: key,
      new_state: Object.fromEntries(Object.entries(state).map(([k, v]) => [k, Array.from(v)])),
    }),
  });
  expect(res.status).toBe(202);
}

const text = (s: string) => new TextEncoder().encode(s);

test('browse keys by prefix, view JSON, text and binary values, edit with validation, and clear after confirming', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  const json = `${prefix}json`;
  const mixed = `${prefix}mixed`;
  await restate.invoke('counter', 'add', 5, { key: json });
  await putState(restate.adminUrl, mixed, {
    profile: text(JSON.stringify({ name: 'Ada', roles: ['admin', 'ops'], active: true })),
    note: text('plain text, not JSON'),
    blob: Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0xff),
  });
  const countOf = async (key: string) =>
    restate.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM state WHERE service_name = 'counter' AND service_key = '${key}'`
    );
  await expect.poll(async () => (await countOf(mixed))[0].n).toBe(3);
  const ds = await host.createDataSource({ name: 'State journey' });

  // The keys browser: the prefix is in the URL and filters in SQL.
  await openPage(page, `/a/${APP_ID}/state?cluster=${ds.uid}&service=counter`);
  await page.getByRole('textbox', { name: 'Key starts with' }).fill(prefix);
  await expect(page).toHaveURL(new RegExp(`prefix=${prefix}`));
  const keys = page.getByRole('table', { name: 'Keys of counter' });
  await expect(keys.getByRole('row')).toHaveCount(3);
  await expect(page.getByText(`2 keys with state starting with “${prefix}”`)).toBeVisible();
  await expect(keys.getByRole('row', { name: new RegExp(mixed) })).toContainText('3');
  await saveScreenshot('state-keys');

  // One key: JSON pretty-printed, text as text, binary as hex with its size and not editable.
  await keys.getByRole('link', { name: mixed }).click();
  await expect(page).toHaveURL(new RegExp(`key=${mixed}`));
  await expect(page.getByRole('heading', { name: `counter / ${mixed}` })).toBeVisible();
  const profile = page.getByRole('region', { name: 'State entry profile' });
  await expect(profile.getByText('JSON', { exact: true })).toBeVisible();
  await expect(profile.locator('pre')).toHaveText(
    JSON.stringify({ name: 'Ada', roles: ['admin', 'ops'], active: true }, null, 2)
  );
  const note = page.getByRole('region', { name: 'State entry note' });
  await expect(note.getByText('Text', { exact: true })).toBeVisible();
  await expect(note.locator('pre')).toHaveText('plain text, not JSON');
  const blob = page.getByRole('region', { name: 'State entry blob' });
  await expect(blob.getByText('Binary', { exact: true })).toBeVisible();
  await expect(blob.getByText('8 bytes', { exact: true })).toBeVisible();
  await expect(blob.locator('pre').first()).toHaveText('de ad be ef 00 01 02 ff');
  await expect(blob.getByRole('button', { name: 'Edit' })).toBeDisabled();
  await saveScreenshot('state-key-values');

  // Edit as JSON: invalid JSON is refused before anything is sent; valid JSON is saved compact.
  await profile.getByRole('button', { name: 'Edit' }).click();
  const value = profile.getByRole('textbox', { name: 'Value' });
  await value.fill('{"name": "Grace",');
  await profile.getByRole('button', { name: 'Save' }).click();
  await expect(profile.getByText(/^Not valid JSON/)).toBeVisible();
  await saveScreenshot('state-edit-invalid', { focus: profile });
  expect(
    await restate.query<{ v: string }>(
      `SELECT value_utf8 AS v FROM state WHERE service_name = 'counter' AND service_key = '${mixed}' AND key = 'profile'`
    )
  ).toEqual([{ v: JSON.stringify({ name: 'Ada', roles: ['admin', 'ops'], active: true }) }]);
  await value.fill('{"name": "Grace", "roles": []}');
  await value.press('Control+Enter');
  await expect(page.getByText('State saved', { exact: true })).toBeVisible();
  await expect(profile.locator('pre')).toHaveText('{\n  "name": "Grace",\n  "roles": []\n}');
  expect(
    await restate.query<{ key: string; v?: string; hex: string }>(
      `SELECT key, value_utf8 AS v, encode(value, 'hex') AS hex FROM state WHERE service_name = 'counter' AND service_key = '${mixed}' ORDER BY key`
    )
  ).toEqual([
    // the binary entry is sent back byte for byte (it has no UTF-8 text)
    { key: 'blob', hex: 'deadbeef000102ff' },
    { key: 'note', v: 'plain text, not JSON', hex: expect.any(String) },
    { key: 'profile', v: '{"name":"Grace","roles":[]}', hex: expect.any(String) },
  ]);

  // A concurrent change: the edit is refused and explained, and what was typed stays.
  await openPage(page, page.url());
  await page.getByRole('region', { name: 'State entry note' }).getByRole('button', { name: 'Edit' }).click();
  await putState(restate.adminUrl, mixed, { note: text('changed by someone else') });
  await expect.poll(async () => (await countOf(mixed))[0].n).toBe(1);
  const noteEditor = page.getByRole('region', { name: 'State entry note' }).getByRole('textbox', { name: 'Value' });
  await noteEditor.fill('my edit');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('The state changed since you opened it', { exact: true })).toBeVisible();
  await expect(
    page.getByText(/^Nothing was sent: the object’s state no longer has the version you edited/)
  ).toBeVisible();
  await expect(noteEditor).toHaveValue('my edit');
  await expect(page.getByRole('region', { name: 'State entry profile' })).toHaveCount(0);
  await saveScreenshot('state-conflict');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Clear the whole state, after a confirmation.
  await page.getByRole('button', { name: 'Clear state' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Clear the state of counter/${mixed}?`);
  await saveScreenshot('state-clear-confirmation');
  await dialog.getByRole('button', { name: 'Clear state' }).click();
  await expect(page.getByText('This key holds no state')).toBeVisible();
  expect((await countOf(mixed))[0].n).toBe(0);

  // From an invocation's detail page to its object's state.
  const [inv] = await restate.query<{ id: string }>(
    `SELECT id FROM sys_invocation WHERE target_service_key = '${json}' LIMIT 1`
  );
  await openPage(page, `/a/${APP_ID}/invocations/${inv.id}?cluster=${ds.uid}`);
  await page.getByRole('link', { name: 'View and edit state' }).click();
  await expect(page.getByRole('heading', { name: `counter / ${json}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'State entry count' }).locator('pre')).toHaveText('5');
  expect(pageProblems.errors).toEqual([]);
});

test('a Viewer sees the state read-only, and the proxy refuses the state route sent from the page', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  const key = `${prefix}viewer`;
  await restate.invoke('counter', 'add', 3, { key });
  const ds = await host.createDataSource({ name: 'State viewer' });
  await host.setRole('Viewer');
  await openPage(page, `/a/${APP_ID}/state?cluster=${ds.uid}&service=counter&key=${key}`);
  const count = page.getByRole('region', { name: 'State entry count' });
  await expect(count.locator('pre')).toHaveText('3');
  for (const name of ['Edit', 'Remove']) {
    await expect(count.getByRole('button', { name })).toBeDisabled();
  }
  await expect(page.getByRole('button', { name: 'Add entry' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Clear state' })).toBeDisabled();
  await saveScreenshot('state-viewer');

  const res = await page.evaluate(async (uid) => {
    const r = await fetch(`/api/datasources/proxy/uid/${uid}/admin/services/counter/state`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ object_key: 'x', new_state: {} }),
    });
    return { status: r.status, body: await r.text() };
  }, ds.uid);
  expect(res).toEqual({ status: 403, body: JSON.stringify({ message: 'plugin proxy route access denied' }) });
  expect(
    await restate.query(`SELECT key FROM state WHERE service_name = 'counter' AND service_key = '${key}'`)
  ).toHaveLength(1);
  expect(pageProblems.errors).toEqual([]);
});
