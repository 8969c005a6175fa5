import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { DataSourcePluginOptionsEditorProps, GrafanaTheme2 } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { Alert, Field, FieldSet, Input, SecretInput, Text, useStyles2 } from '@grafana/ui';
import { DEFAULT_LOG_SELECTOR, type RestateJsonData, type RestateSecureJsonData } from '../../model/datasource';
import {
  checkAwsPrincipal,
  checkBaseUrl,
  checkLogSelector,
  checkTimeout,
  checkToken,
  requiredMessage,
  sameEndpointWarning,
} from '../../model/validation';
import { DEFAULT_AWS_PRINCIPAL } from '../../model/trustPolicy';

type Props = DataSourcePluginOptionsEditorProps<RestateJsonData, RestateSecureJsonData>;
type TextKey = 'clusterName' | 'adminUrl' | 'ingressUrl' | 'logSelector' | 'awsPrincipal';

const INPUT_WIDTH = 60;

/** The data sources a cluster links to, for the invocation pages' links to its logs and traces. */
const LINKED_DATA_SOURCES = [
  {
    type: 'loki',
    name: 'Loki',
    uidKey: 'lokiUid',
    description: "Where this cluster's logs are. Invocation pages link to them.",
  },
  {
    type: 'tempo',
    name: 'Tempo',
    uidKey: 'tempoUid',
    description: "Where this cluster's traces are. Invocation pages link to the trace.",
  },
] as const;

const getStyles = (theme: GrafanaTheme2) => ({
  editor: css({ maxWidth: theme.spacing(100) }),
  intro: css({ marginBottom: theme.spacing(2) }),
});

/**
 * Settings of one Restate cluster. Grafana's settings page has its own "Save & test" button
 * (RestateDataSource.testDatasource); this editor only edits options. Every keystroke is kept in the
 * options (nothing typed is lost); a field is checked once it loses focus, or at once when it was already
 * saved, so a broken provisioned value shows its fix when the page opens.
 */
export function ConfigEditor(props: Props) {
  const { options, onOptionsChange } = props;
  const styles = useStyles2(getStyles);
  const jsonData = options.jsonData ?? {};
  const [touched, setTouched] = useState<Partial<Record<TextKey, boolean>>>(() => ({
    adminUrl: !!jsonData.adminUrl,
    ingressUrl: !!jsonData.ingressUrl,
    logSelector: !!jsonData.logSelector,
    awsPrincipal: !!jsonData.awsPrincipal,
  }));

  const setJson = (patch: Partial<RestateJsonData>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  const textProps = (key: TextKey) => ({
    id: `restate-${key}`,
    value: jsonData[key] ?? '',
    width: INPUT_WIDTH,
    onChange: (e: React.FormEvent<HTMLInputElement>) => setJson({ [key]: e.currentTarget.value }),
  });

  // URLs: trimmed and without a trailing slash once valid (the proxy routes append "/...").
  const onUrlBlur = (key: 'adminUrl' | 'ingressUrl') => () => {
    setTouched((t) => ({ ...t, [key]: true }));
    const checked = checkBaseUrl(jsonData[key], key === 'adminUrl' ? 'admin' : 'ingress');
    if (!checked.error && checked.value !== (jsonData[key] ?? '')) {
      setJson({ [key]: checked.value });
    }
  };
  const onBlur = (key: TextKey) => () => setTouched((t) => ({ ...t, [key]: true }));

  const adminCheck = checkBaseUrl(jsonData.adminUrl, 'admin');
  const adminError = touched.adminUrl ? (adminCheck.value ? adminCheck.error : requiredMessage('admin')) : undefined;
  const ingressError = touched.ingressUrl ? checkBaseUrl(jsonData.ingressUrl, 'ingress').error : undefined;
  const sameEndpoint = touched.ingressUrl ? sameEndpointWarning(jsonData.adminUrl, jsonData.ingressUrl) : undefined;
  const logSelector = jsonData.logSelector ?? DEFAULT_LOG_SELECTOR;
  const selectorError = touched.logSelector ? checkLogSelector(logSelector, DEFAULT_LOG_SELECTOR) : undefined;
  const awsPrincipal = jsonData.awsPrincipal ?? DEFAULT_AWS_PRINCIPAL;
  const principalError = touched.awsPrincipal ? checkAwsPrincipal(awsPrincipal, DEFAULT_AWS_PRINCIPAL) : undefined;
  const tokenSet = !!options.secureJsonFields?.token;
  const tokenError = checkToken(options.secureJsonData?.token);
  const timeoutError = checkTimeout(jsonData.timeout);

  return (
    <div className={styles.editor}>
      <div className={styles.intro}>
        <Text color="secondary">
          One data source per Restate cluster or environment. Grafana&apos;s server, not your browser, connects to these
          URLs and adds the token, so they must be reachable from where Grafana runs.
        </Text>
      </div>

      <FieldSet label="Cluster">
        <Field
          label="Cluster name"
          htmlFor="restate-clusterName"
          description="Shown on the app's pages. For Restate Cloud, use the cluster's name exactly: Restate passes it as sts:ExternalId when it assumes your Lambda role."
        >
          <Input {...textProps('clusterName')} placeholder="e.g. prod" onBlur={onBlur('clusterName')} />
        </Field>
      </FieldSet>

      <FieldSet label="Connection">
        <Field
          label="Admin API URL"
          htmlFor="restate-adminUrl"
          required
          description="The admin API's server root (port 9070 by default). SQL, deployments, services and invocations go through it."
          invalid={!!adminError}
          error={adminError}
        >
          <Input {...textProps('adminUrl')} placeholder="http://localhost:9070" onBlur={onUrlBlur('adminUrl')} />
        </Field>
        <Field
          label="Ingress URL"
          htmlFor="restate-ingressUrl"
          description="Where handlers are invoked (port 8080 by default). Invoking needs the Editor role."
          invalid={!!ingressError}
          error={ingressError}
        >
          <Input {...textProps('ingressUrl')} placeholder="http://localhost:8080" onBlur={onUrlBlur('ingressUrl')} />
        </Field>
        {sameEndpoint && <Alert severity="warning" title={sameEndpoint} />}
        <Field
          label="Bearer token"
          htmlFor="restate-token"
          description="A Restate Cloud API key or a JWT, sent as Authorization: Bearer by Grafana's proxy. Leave empty for a server without authentication. Once saved it is never shown again: use Reset to replace it."
          invalid={!!tokenError}
          error={tokenError}
        >
          <SecretInput
            id="restate-token"
            width={INPUT_WIDTH}
            isConfigured={tokenSet}
            value={options.secureJsonData?.token ?? ''}
            placeholder="API key or JWT"
            onChange={(e) =>
              onOptionsChange({
                ...options,
                secureJsonData: { ...options.secureJsonData, token: e.currentTarget.value },
              })
            }
            onReset={() =>
              onOptionsChange({
                ...options,
                secureJsonFields: { ...options.secureJsonFields, token: false },
                secureJsonData: { ...options.secureJsonData, token: '' },
              })
            }
          />
        </Field>
        <Field
          label="Timeout (seconds)"
          htmlFor="restate-timeout"
          description="How long Grafana's server waits for Restate per request: SQL, alert rules, Save & test. Empty: 60."
          invalid={!!timeoutError}
          error={timeoutError}
        >
          <Input
            id="restate-timeout"
            type="number"
            min={1}
            max={600}
            width={12}
            placeholder="60"
            value={jsonData.timeout ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value.trim();
              setJson({ timeout: v === '' ? undefined : Number(v) });
            }}
          />
        </Field>
      </FieldSet>

      <FieldSet label="Logs and traces">
        {LINKED_DATA_SOURCES.map(({ type, name, uidKey, description }) => (
          <Field key={type} label={`${name} data source`} htmlFor={`restate-${type}`} description={description}>
            <DataSourcePicker
              inputId={`restate-${type}`}
              type={type}
              noDefault
              width={INPUT_WIDTH}
              current={jsonData[uidKey] ?? null}
              placeholder={`Choose a ${name} data source`}
              onChange={(ds) => setJson({ [uidKey]: ds.uid })}
              onClear={() => setJson({ [uidKey]: undefined })}
            />
          </Field>
        ))}
        <Field
          label="Log label selector"
          htmlFor="restate-logSelector"
          description="The LogQL stream selector of Restate's own logs in Loki."
          invalid={!!selectorError}
          error={selectorError}
        >
          <Input
            {...textProps('logSelector')}
            value={logSelector}
            placeholder={DEFAULT_LOG_SELECTOR}
            onBlur={onBlur('logSelector')}
          />
        </Field>
      </FieldSet>

      <FieldSet label="Restate Cloud">
        <Field
          label="AWS principal"
          htmlFor="restate-awsPrincipal"
          description="The IAM role Restate assumes before your Lambda role (role chaining); the trust policy shown when registering a Lambda deployment names it. Keep the default unless Restate told you otherwise."
          invalid={!!principalError}
          error={principalError}
        >
          <Input
            {...textProps('awsPrincipal')}
            value={awsPrincipal}
            placeholder={DEFAULT_AWS_PRINCIPAL}
            onBlur={onBlur('awsPrincipal')}
          />
        </Field>
      </FieldSet>
    </div>
  );
}
