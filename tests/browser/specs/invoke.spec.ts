import { test, expect, openPage, APP_ID } from '../fixtures';

// The Invoke page (issue 16, item 4): a form from the service's OpenAPI document, call or send through the
// ingress route (Editor), the answer or the error in words, and links to the new invocation. Keys are unique
// to this run.

const run = Date.now().toString(36);

test('from the services list, fill the form built from the handler schema, call it, and open the new invocation', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await host.createDataSource({ name: 'Invoke journey' });
  await openPage(page, `/a/${APP_ID}/services?cluster=${ds.uid}`);
  await page
    .getByRole('row', { name: /greeter/ })
    .getByRole('link', { name: 'Invoke' })
    .click();
  await expect(page).toHaveURL(new RegExp(`/a/${APP_ID}/invoke\\?cluster=${ds.uid}&service=greeter`));
  await page.getByRole('combobox', { name: 'Handler' }).click();
  await page.getByRole('option', { name: /welcome/ }).click();
  await expect(page).toHaveURL(/handler=welcome/);

  // The schema's fields: name is required; nothing is sent until it is there, and a bad header is named.
  const form = page.getByRole('form', { name: 'Invocation' });
  await expect(form.getByRole('textbox', { name: 'name', exact: true })).toBeVisible();
  await expect(form.getByText('Who to welcome')).toBeVisible();
  await form.getByRole('textbox', { name: 'times', exact: true }).fill('two');
  await form.getByRole('button', { name: 'Add header' }).click();
  await form.getByRole('textbox', { name: 'Header 1 name' }).fill('x greeting');
  await form.getByRole('textbox', { name: 'Header 1 value' }).fill('Hello');
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/ingress/')) {
      sent.push(r.url());
    }
  });
  await form.getByRole('button', { name: 'Call' }).click();
  await expect(form.getByText('name is required.')).toBeVisible();
  await expect(form.getByText('times must be a number.')).toBeVisible();
  await expect(form.getByText(/“x greeting” is not a valid header name/)).toBeVisible();
  await expect(form.getByText('Fix the fields marked above; nothing was sent.')).toBeVisible();
  await saveScreenshot('invoke-form-invalid');
  expect(sent).toEqual([]);

  await form.getByRole('textbox', { name: 'name', exact: true }).fill('Ada');
  await form.getByRole('textbox', { name: 'times', exact: true }).fill('2');
  await form.getByRole('textbox', { name: 'Header 1 name' }).fill('x-greeting');
  await form.getByRole('button', { name: 'Call' }).click();
  await expect(page.getByText('Answered (200)')).toBeVisible();
  await expect(page.getByLabel('Response')).toHaveText('Hello, Ada! Hello, Ada!');
  await saveScreenshot('invoke-call-result');
  expect(sent).toHaveLength(1);

  await page.getByRole('link', { name: 'Invocation details' }).click();
  await expect(page).toHaveURL(new RegExp(`/a/${APP_ID}/invocations/inv_\\w+\\?cluster=${ds.uid}`));
  await expect(page.getByText('greeter/welcome').first()).toBeVisible();
  const id = new URL(page.url()).pathname.split('/').pop()!;
  expect(await restate.query(`SELECT target FROM sys_invocation WHERE id = '${id}'`)).toEqual([
    { target: 'greeter/welcome' },
  ]);
  expect(pageProblems.errors).toEqual([]);
});

test('send to a virtual object with key, idempotency key and delay; a terminal error is shown in words', async ({
  page,
  host,
  restate,
  saveScreenshot,
  pageProblems,
}) => {
  const key = `inv-${run}`;
  const ds = await host.createDataSource({
    name: 'Invoke send',
    jsonData: { tempoUid: 'tempo-uid', lokiUid: 'loki-uid' },
  });
  // A shareable link opens the form as it was.
  await openPage(page, `/a/${APP_ID}/invoke?cluster=${ds.uid}&service=counter&handler=add&mode=send`);
  const form = page.getByRole('form', { name: 'Invocation' });
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(form.getByText('Virtual objects and workflows are invoked on a key: enter one.')).toBeVisible();
  await form.getByRole('textbox', { name: 'Key', exact: true }).fill(key);
  await form.getByRole('textbox', { name: 'Request body' }).fill('3');
  await form.getByRole('textbox', { name: 'Delay' }).fill('soon');
  await form.getByRole('textbox', { name: 'Idempotency key' }).fill(`idem-${run}`);
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(form.getByText(/“soon” is not a duration Restate reads/)).toBeVisible();
  await form.getByRole('textbox', { name: 'Delay' }).fill('1h');
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Sent', { exact: true })).toBeVisible();
  await expect(page.getByText(/was accepted\. It runs at/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Trace in Explore' })).toHaveAttribute('href', /explore\?.*tempo-uid/);
  await expect(page.getByRole('link', { name: 'Logs in Explore' })).toHaveAttribute('href', /explore\?.*loki-uid/);
  await saveScreenshot('invoke-send-result');
  const rows = await restate.query<{ id: string; status: string; idempotency_key: string }>(
    `SELECT id, status, idempotency_key FROM sys_invocation WHERE target_service_key = '${key}'`
  );
  expect(rows).toEqual([{ id: expect.stringMatching(/^inv_/), status: 'scheduled', idempotency_key: `idem-${run}` }]);
  await expect(page.getByRole('link', { name: 'Invocation details' })).toHaveAttribute(
    'href',
    new RegExp(`/invocations/${rows[0].id}\\?cluster=${ds.uid}`)
  );

  // The same idempotency key again: no new invocation, and the page says so.
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Already sent with this idempotency key')).toBeVisible();

  // A handler's terminal error, in words.
  await openPage(page, `/a/${APP_ID}/invoke?cluster=${ds.uid}&service=greeter&handler=fail`);
  await page.getByRole('form', { name: 'Invocation' }).getByRole('button', { name: 'Call' }).click();
  await expect(page.getByText('The handler failed (418)')).toBeVisible();
  await expect(page.getByText('this always fails')).toBeVisible();
  await saveScreenshot('invoke-error');
  expect(pageProblems.errors).toEqual([]);
});

test('a Viewer sees the form but cannot invoke, and the proxy refuses the ingress from the page', async ({
  page,
  host,
  saveScreenshot,
  pageProblems,
}) => {
  const ds = await host.createDataSource({ name: 'Invoke viewer' });
  await host.setRole('Viewer');
  await openPage(page, `/a/${APP_ID}/invoke?cluster=${ds.uid}&service=greeter&handler=greet`);
  await expect(page.getByRole('form', { name: 'Invocation' }).getByRole('button', { name: 'Call' })).toBeDisabled();
  await saveScreenshot('invoke-viewer');
  const status = await page.evaluate(
    (uid) =>
      fetch(`/api/datasources/proxy/uid/${uid}/ingress/greeter/greet`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '"viewer"',
      }).then((r) => r.status),
    ds.uid
  );
  expect(status).toBe(403);
  expect(pageProblems.errors).toEqual([]);
});
