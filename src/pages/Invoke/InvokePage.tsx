import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Combobox,
  EmptyState,
  Field,
  IconButton,
  Input,
  LinkButton,
  LoadingPlaceholder,
  RadioButtonGroup,
  Stack,
  Text,
  TextArea,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import { explainInvokeError, invokeHandler, type InvokeResult } from '../../api/invoke';
import { serviceTypeLabel, type ServiceMetadata } from '../../api/services';
import { clusterPage } from '../../components/ClusterPage/ClusterPage';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { WhyDisabled } from '../../components/WhyDisabled/WhyDisabled';
import { ROUTES } from '../../constants';
import type { ClusterSettings } from '../../hooks/cluster';
import { useHandlerRequests } from '../../hooks/resources/invoke';
import { useInvalidate } from '../../hooks/resources/keys';
import { useServices } from '../../hooks/resources/services';
import { usePermissions } from '../../hooks/roles';
import {
  bodyFromFields,
  delayProblem,
  exampleBody,
  formFields,
  headerProblem,
  keyProblem,
  schemaProblems,
  type FormField,
  type HandlerRequest,
  type HeaderRow,
} from '../../model/invokeForm';
import { logsExploreUrl, traceExploreUrl } from '../../observability/explore';
import { useUrlParams } from '../../hooks/urlParams';
import { invocationHref, prefixRoute } from '../../utils/utils.routing';
import { onCtrlEnter } from '../../utils/keys';

/**
 * Invoke a handler through the cluster's ingress (Restate UI's playground): `invoke?service=counter&handler=add&key=k1`.
 * The body form comes from the service's OpenAPI document; a call waits for the answer, a send returns at once.
 */
export default clusterPage(
  InvokeView,
  "Call or send to a handler through the cluster's ingress, and follow the new invocation."
);

function InvokeView({ cluster }: { cluster: ClusterSettings }) {
  const [params, update] = useUrlParams({ replace: true });
  const services = useServices(cluster.uid);
  const serviceName = params.get('service') ?? '';
  const handlerName = params.get('handler') ?? '';
  const sorted = useMemo(
    () => [...(services.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
    [services.data]
  );
  if (services.data === undefined) {
    return services.loading ? (
      <LoadingPlaceholder text="Loading services…" />
    ) : (
      <ErrorExplanation error={services.error} context="load" />
    );
  }
  if (sorted.length === 0) {
    return (
      <EmptyState variant="not-found" message="No services registered yet">
        Register a deployment on the Deployments page; its handlers can then be invoked here.
      </EmptyState>
    );
  }
  const service = sorted.find((s) => s.name === serviceName);
  const handler = service?.handlers.find((h) => h.name === handlerName);
  return (
    <Stack direction="column" gap={2}>
      <Stack gap={2} wrap="wrap">
        <Field label="Service" noMargin>
          <Combobox
            aria-label="Service"
            width={36}
            value={service ? service.name : null}
            placeholder="Choose a service"
            options={sorted.map((s) => ({ label: s.name, value: s.name, description: serviceTypeLabel(s.ty) }))}
            onChange={(o) => update({ service: o?.value, handler: undefined })}
          />
        </Field>
        <Field label="Handler" noMargin>
          <Combobox
            aria-label="Handler"
            width={36}
            value={handler ? handler.name : null}
            disabled={!service}
            placeholder={service ? 'Choose a handler' : 'Choose a service first'}
            options={[...(service?.handlers ?? [])]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((h) => ({ label: h.name, value: h.name, description: h.ty ?? undefined }))}
            onChange={(o) => update({ handler: o?.value })}
          />
        </Field>
      </Stack>
      {(!service || !handlerName) && (
        <Text color="secondary">
          Choose a service and one of its handlers. The form follows the handler&apos;s input schema; Call waits for the
          answer, Send enqueues the invocation and returns at once.
        </Text>
      )}
      {serviceName && !service && (
        <Alert severity="warning" title={`No service “${serviceName}” in this cluster`}>
          It may have been removed or renamed. Choose a service above.
        </Alert>
      )}
      {service && handlerName && !handler && (
        <Alert severity="warning" title={`${service.name} has no handler “${handlerName}”`}>
          Choose one of its handlers above.
        </Alert>
      )}
      {service && handler && (
        <InvokeForm
          key={`${service.name}/${handler.name}`}
          cluster={cluster}
          service={service}
          handler={handler.name}
          objectKey={params.get('key') ?? ''}
          mode={params.get('mode') === 'send' ? 'send' : 'call'}
          onUrlChange={update}
        />
      )}
    </Stack>
  );
}

/** When an answer arrived (the Explore links look 5 minutes around it). */
const timestamp = () => Date.now();

type BodyState = { fields: Record<string, string | boolean | undefined>; json: string; useJson: boolean };

function InvokeForm({
  cluster,
  service,
  handler,
  objectKey,
  mode,
  onUrlChange,
}: {
  cluster: ClusterSettings;
  service: ServiceMetadata;
  handler: string;
  objectKey: string;
  mode: 'call' | 'send';
  onUrlChange: (patch: Record<string, string | undefined>) => void;
}) {
  const styles = useStyles2(getStyles);
  const { canOperate, operateReason } = usePermissions();
  const invalidate = useInvalidate(cluster.uid);
  const requests = useHandlerRequests(cluster.uid, service.name);
  const request: HandlerRequest | undefined = requests.data?.find((r) => r.handler === handler);
  const fields = formFields(request?.schema);
  const keyed = service.ty === 'VirtualObject' || service.ty === 'Workflow';

  const [key, setKey] = useState(objectKey);
  const [body, setBody] = useState<BodyState | undefined>();
  const [idempotencyKey, setIdempotencyKey] = useState('');
  const [delay, setDelay] = useState('');
  const [headers, setHeaders] = useState<HeaderRow[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<{ ok: InvokeResult; at: number } | { error: unknown; at: number }>();

  if (requests.loading && !requests.data) {
    return <LoadingPlaceholder text="Loading the handler's request schema…" />;
  }
  // The body starts from the schema once it is known; what is typed afterwards is kept.
  const b: BodyState = body ?? { fields: {}, json: exampleBody(request?.schema), useJson: !fields };
  const setB = (patch: Partial<BodyState>) => setBody({ ...b, ...patch });

  // Every check before anything is sent.
  const problems: Record<string, string | undefined> = {
    key: keyProblem(keyed, key),
    delay: mode === 'send' ? delayProblem(delay) : undefined,
  };
  let bodyText: string | undefined;
  let fieldProblems: Record<string, string> = {};
  if (!request?.noInput) {
    if (fields && !b.useJson) {
      const r = bodyFromFields(fields, b.fields);
      fieldProblems = r.problems;
      bodyText = r.body ? JSON.stringify(r.body) : undefined;
    } else if (b.json.trim() !== '') {
      try {
        const parsed = JSON.parse(b.json);
        const sp = schemaProblems(parsed, request?.schema);
        problems.body = sp.length ? `Does not match the handler's schema: ${sp.slice(0, 3).join(' ')}` : undefined;
        bodyText = JSON.stringify(parsed);
      } catch (e) {
        problems.body = `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
      }
    } else if (request?.bodyRequired) {
      problems.body = 'This handler needs a request body.';
    }
  }
  const headerProblems = headers.map((h) => headerProblem(h, headers));
  const valid =
    Object.values(problems).every((p) => !p) &&
    Object.keys(fieldProblems).length === 0 &&
    headerProblems.every((p) => !p);
  const show = (p?: string) => (submitted ? p : undefined);

  const submit = async () => {
    setSubmitted(true);
    if (!valid || !canOperate) {
      return;
    }
    setRunning(true);
    setResult(undefined);
    try {
      const ok = await invokeHandler(cluster.uid, {
        service: service.name,
        handler,
        key: keyed ? key : undefined,
        body: bodyText,
        contentType: request?.contentType,
        send: mode === 'send',
        delay: delay.trim() || undefined,
        idempotencyKey: idempotencyKey || undefined,
        headers: Object.fromEntries(headers.filter((h) => h.name.trim() !== '').map((h) => [h.name.trim(), h.value])),
      });
      setResult({ ok, at: timestamp() });
      await invalidate('invocations', 'state-keys', 'object-state');
    } catch (error) {
      setResult({ error, at: timestamp() });
    } finally {
      setRunning(false);
    }
  };

  const handlerMeta = service.handlers.find((h) => h.name === handler);
  return (
    <div className={styles.layout}>
      <form
        className={styles.form}
        aria-label="Invocation"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack direction="column" gap={2}>
          <Stack gap={1} alignItems="center" wrap="wrap">
            <Text element="h2" variant="h4">
              <span className={styles.mono}>
                {service.name}/{handler}
              </span>
            </Text>
            <Badge color="blue" text={serviceTypeLabel(service.ty)} />
            {handlerMeta?.ty && <Badge color="darkgrey" text={handlerMeta.ty} />}
            {service.public === false && <Badge color="orange" text="private" />}
          </Stack>
          {service.public === false && (
            <Alert severity="warning" title="This service is private">
              Restate’s ingress refuses calls to a private service; only other services can call it. Make it public in
              its settings on the Services page to invoke it here.
            </Alert>
          )}
          {request?.documentation && <Text color="secondary">{request.documentation}</Text>}
          {requests.error !== undefined && (
            <ErrorExplanation
              error={requests.error}
              title="The handler's request schema could not be loaded"
              extra="The body is sent as JSON without a schema check."
            />
          )}

          {keyed && (
            <Field
              label={service.ty === 'Workflow' ? 'Workflow key' : 'Object key'}
              description={
                service.ty === 'Workflow' ? 'The workflow instance (one run per key)' : 'The virtual object instance'
              }
              required
              invalid={!!show(problems.key)}
              error={show(problems.key)}
              noMargin
            >
              <Input
                aria-label="Key"
                width={40}
                value={key}
                onChange={(e) => setKey(e.currentTarget.value)}
                onBlur={() => onUrlChange({ key })}
              />
            </Field>
          )}

          {request?.noInput ? (
            <Text color="secondary">This handler takes no input.</Text>
          ) : fields && !b.useJson ? (
            <fieldset className={styles.fieldset}>
              <legend>Request body</legend>
              {fields.map((f) => (
                <SchemaField
                  key={f.name}
                  field={f}
                  value={b.fields[f.name]}
                  error={show(fieldProblems[f.name])}
                  onChange={(v) => setB({ fields: { ...b.fields, [f.name]: v } })}
                />
              ))}
              <Button
                type="button"
                variant="secondary"
                size="sm"
                fill="text"
                onClick={() =>
                  setB({ useJson: true, json: bodyText ? JSON.stringify(JSON.parse(bodyText), null, 2) : b.json })
                }
              >
                Edit as JSON
              </Button>
            </fieldset>
          ) : (
            <Field
              label="Request body (JSON)"
              description={
                request?.schema
                  ? 'Checked against the handler’s JSON schema before it is sent.'
                  : 'The handler declares no schema: any JSON, or empty for no body.'
              }
              invalid={!!show(problems.body)}
              error={show(problems.body)}
              noMargin
            >
              <TextArea
                aria-label="Request body"
                className={styles.mono}
                rows={Math.min(16, Math.max(4, b.json.split('\n').length + 1))}
                value={b.json}
                placeholder='e.g. {"name": "Ada"} or 5'
                onChange={(e) => setB({ json: e.currentTarget.value })}
                onKeyDown={onCtrlEnter(submit)}
              />
            </Field>
          )}

          <Field label="How" noMargin>
            <RadioButtonGroup
              options={[
                { label: 'Call', value: 'call' as const, description: 'Wait for the handler’s answer' },
                {
                  label: 'Send',
                  value: 'send' as const,
                  description: 'Enqueue it and return at once (optionally delayed)',
                },
              ]}
              value={mode}
              onChange={(m) => onUrlChange({ mode: m === 'send' ? 'send' : undefined })}
            />
          </Field>
          {mode === 'send' && (
            <Field
              label="Delay"
              description="Run it later: e.g. 10s, 5m, 1h 30m. Empty: now."
              invalid={!!show(problems.delay)}
              error={show(problems.delay)}
              noMargin
            >
              <Input aria-label="Delay" width={20} value={delay} onChange={(e) => setDelay(e.currentTarget.value)} />
            </Field>
          )}
          <Field
            label="Idempotency key"
            description="Optional. The same key within the service's idempotency retention returns the first invocation instead of a new one."
            noMargin
          >
            <Input
              aria-label="Idempotency key"
              width={40}
              value={idempotencyKey}
              onChange={(e) => setIdempotencyKey(e.currentTarget.value)}
            />
          </Field>

          <fieldset className={styles.fieldset}>
            <legend>Extra headers</legend>
            {headers.length === 0 && (
              <Text color="secondary" variant="bodySmall">
                None. Headers reach the handler (ctx.request().headers).
              </Text>
            )}
            {headers.map((h, i) => (
              <Field key={i} invalid={!!show(headerProblems[i])} error={show(headerProblems[i])} noMargin>
                <Stack gap={1} alignItems="center">
                  <Input
                    aria-label={`Header ${i + 1} name`}
                    width={24}
                    placeholder="x-my-header"
                    value={h.name}
                    onChange={(e) =>
                      setHeaders(headers.map((o, j) => (j === i ? { ...o, name: e.currentTarget.value } : o)))
                    }
                  />
                  <Input
                    aria-label={`Header ${i + 1} value`}
                    width={36}
                    placeholder="value"
                    value={h.value}
                    onChange={(e) =>
                      setHeaders(headers.map((o, j) => (j === i ? { ...o, value: e.currentTarget.value } : o)))
                    }
                  />
                  <IconButton
                    name="trash-alt"
                    tooltip={`Remove header ${i + 1}`}
                    onClick={() => setHeaders(headers.filter((_, j) => j !== i))}
                  />
                </Stack>
              </Field>
            ))}
            <div>
              <Button
                type="button"
                size="sm"
                variant="secondary"
                icon="plus"
                onClick={() => setHeaders([...headers, { name: '', value: '' }])}
              >
                Add header
              </Button>
            </div>
          </fieldset>

          <Stack gap={1} alignItems="center">
            <WhyDisabled reason={operateReason}>
              <Button
                type="submit"
                icon={running ? 'spinner' : mode === 'send' ? 'message' : 'play'}
                disabled={!canOperate || running}
              >
                {mode === 'send' ? 'Send' : 'Call'}
              </Button>
            </WhyDisabled>
            {submitted && !valid && (
              <Text color="error" variant="bodySmall">
                Fix the fields marked above; nothing was sent.
              </Text>
            )}
          </Stack>
        </Stack>
      </form>
      <div className={styles.result} aria-live="polite">
        {running && <LoadingPlaceholder text={mode === 'send' ? 'Sending…' : 'Waiting for the handler’s answer…'} />}
        {result && 'ok' in result && <Outcome cluster={cluster} result={result.ok} at={result.at} />}
        {result && 'error' in result && (
          <InvokeError error={result.error} cluster={cluster} service={service.name} handler={handler} />
        )}
        {!running && !result && (
          <Text color="secondary">
            The answer, or the error in words, appears here, with links to the new invocation.
          </Text>
        )}
      </div>
    </div>
  );
}

function SchemaField({
  field,
  value,
  error,
  onChange,
}: {
  field: FormField;
  value: string | boolean | undefined;
  error?: string;
  onChange: (v: string | boolean) => void;
}) {
  if (field.type === 'boolean') {
    return (
      // In a div: a stretched flex item would centre the label.
      <div>
        <Checkbox
          label={field.name}
          description={field.description}
          value={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
      </div>
    );
  }
  return (
    <Field
      label={`${field.name}${field.type === 'string' ? '' : ` (${field.type === 'integer' ? 'whole number' : 'number'})`}`}
      description={field.description}
      required={field.required}
      invalid={!!error}
      error={error}
      noMargin
    >
      {field.enum ? (
        <Combobox
          aria-label={field.name}
          width={36}
          value={typeof value === 'string' ? value : null}
          options={field.enum.map((v) => ({ label: v, value: v }))}
          onChange={(o) => onChange(o?.value ?? '')}
        />
      ) : (
        <Input
          aria-label={field.name}
          width={36}
          inputMode={field.type === 'string' ? undefined : 'decimal'}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

function Outcome({ cluster, result, at }: { cluster: ClusterSettings; result: InvokeResult; at: number }) {
  const styles = useStyles2(getStyles);
  const { tempoUid, lokiUid, logSelector } = cluster.jsonData;
  const id = result.invocationId;
  const range = { from: at - 5 * 60_000, to: at + 5 * 60_000 };
  const links = id && (
    <Stack gap={1} wrap="wrap">
      <LinkButton size="sm" icon="eye" href={invocationHref(id, cluster.uid)}>
        Invocation details
      </LinkButton>
      {tempoUid && (
        <LinkButton
          size="sm"
          variant="secondary"
          icon="gf-traces"
          href={traceExploreUrl({ tempoUid, invocationId: id, range })}
        >
          Trace in Explore
        </LinkButton>
      )}
      {lokiUid && (
        <LinkButton
          size="sm"
          variant="secondary"
          icon="gf-logs"
          href={logsExploreUrl({ lokiUid, logSelector, invocationId: id, range })}
        >
          Logs in Explore
        </LinkButton>
      )}
    </Stack>
  );
  if (result.mode === 'send') {
    return (
      <Alert
        severity="success"
        title={result.sendStatus === 'PreviouslyAccepted' ? 'Already sent with this idempotency key' : 'Sent'}
      >
        <Stack direction="column" gap={1}>
          <span>
            Invocation <span className={styles.mono}>{result.invocationId}</span>
            {result.sendStatus === 'PreviouslyAccepted'
              ? ' was accepted earlier with the same idempotency key; no new invocation was made.'
              : ' was accepted.'}
            {result.executionTime && ` It runs at ${new Date(result.executionTime).toLocaleString()}.`}
          </span>
          {links}
        </Stack>
      </Alert>
    );
  }
  const shown =
    typeof result.output === 'string'
      ? result.output
      : result.output === undefined || result.output === ''
        ? '(empty answer)'
        : JSON.stringify(result.output, null, 2);
  return (
    <Stack direction="column" gap={1}>
      <Alert severity="success" title={`Answered (${result.status})`}>
        <Stack direction="column" gap={1}>
          {id ? (
            <span>
              Invocation <span className={styles.mono}>{id}</span>
            </span>
          ) : (
            <span>Restate named no invocation id for this call (no x-restate-id header).</span>
          )}
          {links}
        </Stack>
      </Alert>
      <Text element="h3" variant="h5">
        Response
      </Text>
      <pre className={styles.pre} aria-label="Response">
        {shown}
      </pre>
    </Stack>
  );
}

function InvokeError({
  error,
  cluster,
  service,
  handler,
}: {
  error: unknown;
  cluster: ClusterSettings;
  service: string;
  handler: string;
}) {
  const ex = explainInvokeError(error);
  return (
    <Alert severity="error" title={ex.title}>
      <p>{ex.detail}</p>
      {ex.hint && <p>{ex.hint}</p>}
      <TextLink href={prefixRoute(ROUTES.Invocations, { service, handler }, cluster.uid)} inline={false}>
        Invocations of {service}/{handler}
      </TextLink>
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  layout: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(420px, 1fr) minmax(360px, 1fr)',
    gap: theme.spacing(3),
    alignItems: 'start',
    [theme.breakpoints.down('lg')]: { gridTemplateColumns: '1fr' },
  }),
  form: css({ maxWidth: 720 }),
  result: css({ position: 'sticky', top: theme.spacing(2) }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  fieldset: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1, 2, 2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
    legend: {
      padding: theme.spacing(0, 0.5),
      fontSize: theme.typography.bodySmall.fontSize,
      color: theme.colors.text.secondary,
    },
  }),
  pre: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    background: theme.colors.background.secondary,
    padding: theme.spacing(1.5),
    margin: 0,
    maxHeight: 480,
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  }),
});
