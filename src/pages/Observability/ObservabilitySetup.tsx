import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { Alert, Badge, Button, Field, Input, LinkButton, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';
import { DEFAULT_LOG_SELECTOR } from '../../model/datasource';
import { checkLogSelector } from '../../model/validation';
import { lokiExploreUrl, tempoExploreUrl } from '../../observability/explore';
import { dataSourceEditUrl, getDataSourceByUid } from '../../observability/grafanaApi';
import {
  defaultObservabilityUrl,
  derivedUid,
  type ObservabilityCluster,
  slugify,
  type TokenSource,
  urlProblem,
} from '../../observability/model';
import {
  applySetup,
  type ApplyResult,
  previewSetup,
  type SetupPlan,
} from '../../observability/setup';
import { renderProvisioningYaml } from '../../observability/yaml';
import { DataSourceSetupOutcome, SetupForm } from '../../components/SetupFlow/SetupFlow';
import { clusterName, type ClusterSettings } from '../../hooks/cluster';
import { usePermissions } from '../../hooks/roles';
import { useSetupFlow } from '../../hooks/setupFlow';
import { downloadText } from '../../utils/download';

interface FormState {
  lokiUrl: string;
  tempoUrl: string;
  token: string;
  logSelector: string;
}

type YamlToken = 'env' | 'file' | 'none';

const LAST_HOUR = { from: 'now-1h', to: 'now' };

/** The form's fields that are checked (the token is not). */
const CHECKED_FIELDS = {
  lokiUrl: {
    id: 'obs-loki-url',
    label: 'Loki URL',
    description: 'Restate Cloud serves Loki on the cluster host, port 3100',
  },
  tempoUrl: {
    id: 'obs-tempo-url',
    label: 'Tempo URL',
    description: 'Restate Cloud serves Tempo on the same host and port as Loki',
  },
  logSelector: {
    id: 'obs-log-selector',
    label: 'Log selector',
    description: "LogQL stream selector of this cluster's Restate logs (self-hosted setups label logs differently)",
  },
};

const WORDS = {
  failed: 'Set up failed',
  apply: 'Apply changes',
  warning: 'No token',
  applied: 'Logs and traces are set up',
};

/** The model's view of this cluster with what the form says. */
export function toObservabilityCluster(
  cluster: ClusterSettings,
  form: FormState,
  token: TokenSource
): ObservabilityCluster {
  const name = clusterName(cluster);
  return {
    name,
    restateUid: cluster.uid,
    restateName: cluster.name,
    adminUrl: cluster.jsonData.adminUrl,
    ingressUrl: cluster.jsonData.ingressUrl,
    lokiUrl: form.lokiUrl.trim(),
    tempoUrl: form.tempoUrl.trim(),
    token,
    logSelector: form.logSelector.trim() || DEFAULT_LOG_SELECTOR,
    lokiUid: cluster.jsonData.lokiUid || derivedUid(name, 'loki'),
    tempoUid: cluster.jsonData.tempoUid || derivedUid(name, 'tempo'),
  };
}

/** "Set up logs and traces" for one cluster: current state, form, preview, apply, Download YAML. */
export function ObservabilitySetup({ cluster }: { cluster: ClusterSettings }) {
  const styles = useStyles2(getStyles);
  const perms = usePermissions();
  const defaultUrl = defaultObservabilityUrl(cluster.jsonData.adminUrl);
  const [form, setForm] = useState<FormState>({
    lokiUrl: defaultUrl,
    tempoUrl: defaultUrl,
    token: '',
    logSelector: cluster.jsonData.logSelector || DEFAULT_LOG_SELECTOR,
  });
  const [touched, setTouched] = useState<Partial<Record<keyof FormState, boolean>>>({});
  const flow = useSetupFlow<SetupPlan, ApplyResult[]>();
  const { busy } = flow;
  const [yamlToken, setYamlToken] = useState<YamlToken>('env');
  // The uids just linked; the cluster prop still holds the settings the page was opened with.
  const [linked, setLinked] = useState<{ lokiUid?: string; tempoUid?: string; logSelector?: string }>();

  const lokiUid = cluster.jsonData.lokiUid || derivedUid(clusterName(cluster), 'loki');
  const tempoUid = cluster.jsonData.tempoUid || derivedUid(clusterName(cluster), 'tempo');

  // Admins may read data sources: prefill the URLs of the Loki/Tempo that already exist, unless the user typed.
  useEffect(() => {
    if (!perms.canDeploy) {
      return;
    }
    let cancelled = false;
    Promise.all([getDataSourceByUid(lokiUid), getDataSourceByUid(tempoUid)])
      .then(([loki, tempo]) => {
        if (!cancelled) {
          setForm((f) => ({
            ...f,
            lokiUrl: !touched.lokiUrl && loki?.url ? loki.url : f.lokiUrl,
            tempoUrl: !touched.tempoUrl && tempo?.url ? tempo.url : f.tempoUrl,
          }));
        }
      })
      .catch(() => undefined); // the preview reports errors where they matter
    return () => {
      cancelled = true;
    };
    // Only on cluster change: later edits are the user's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lokiUid, tempoUid, perms.canDeploy]);

  const problems = {
    lokiUrl: urlProblem(form.lokiUrl),
    tempoUrl: urlProblem(form.tempoUrl),
    logSelector: checkLogSelector(form.logSelector, DEFAULT_LOG_SELECTOR),
  };
  const invalid = Object.values(problems).some(Boolean);

  const update = (key: keyof FormState) => (e: React.FormEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
    setTouched((t) => ({ ...t, [key]: true }));
    flow.stale();
  };

  const setupCluster = useMemo(
    () =>
      toObservabilityCluster(
        cluster,
        form,
        form.token.trim() ? { kind: 'literal', token: form.token.trim() } : { kind: 'none' }
      ),
    [cluster, form]
  );

  const onPreview = () => {
    setTouched({ lokiUrl: true, tempoUrl: true, logSelector: true });
    if (!invalid) {
      flow.preview(() => previewSetup({ cluster: setupCluster }));
    }
  };

  const onApply = () =>
    flow.apply(async (p) => {
      const done = await applySetup(p);
      // Grafana caches data source settings in the page: refresh them so the new data sources resolve.
      await Promise.resolve(getDataSourceSrv().reload()).catch(() => undefined);
      setLinked({
        lokiUid: setupCluster.lokiUid,
        tempoUid: setupCluster.tempoUid,
        logSelector: setupCluster.logSelector,
      });
      setForm((f) => ({ ...f, token: '' }));
      return done;
    });

  const onDownload = () => {
    const token: TokenSource = yamlToken === 'none' ? { kind: 'none' } : { kind: yamlToken };
    const text = renderProvisioningYaml(
      toObservabilityCluster(cluster, form, token),
      "Rendered by the Restate app (Logs and traces). Put it in Grafana's provisioning/datasources/ folder.\n" +
        'A literal $ is written $$ (Grafana expands environment variables in provisioning values).'
    );
    downloadText(`restate-${slugify(clusterName(cluster)) || 'cluster'}.yaml`, text);
  };

  /** A field whose problem shows once it was touched. */
  const checkedField = (key: keyof typeof CHECKED_FIELDS) => (
    <Field
      label={CHECKED_FIELDS[key].label}
      description={CHECKED_FIELDS[key].description}
      invalid={Boolean(touched[key] && problems[key])}
      error={problems[key]}
    >
      <Input id={CHECKED_FIELDS[key].id} value={form[key]} onChange={update(key)} width={60} />
    </Field>
  );

  return (
    <Stack direction="column" gap={3}>
      <CurrentState cluster={cluster} linked={linked} />

      <section aria-labelledby="setup-heading">
        <h3 id="setup-heading">Set up logs and traces</h3>
        <p className={styles.help}>
          Creates or updates a Loki and a Tempo data source for {clusterName(cluster)} (uids <code>{lokiUid}</code> and{' '}
          <code>{tempoUid}</code>), both sending <code>Authorization: Bearer &lt;token&gt;</code>, with log lines linked
          to the trace of their invocation and spans linked to their logs. Settings you added by hand are kept.
        </p>
        {!perms.canDeploy && (
          <Alert severity="info" title="Setting up data sources is for admins">
            {perms.deployReason} Ask an admin to run it, or use Download YAML to provision the data sources from a file.
          </Alert>
        )}
        <SetupForm canSetUp={perms.canDeploy} busy={busy} onPreview={onPreview}>
          {checkedField('lokiUrl')}
          {checkedField('tempoUrl')}
          <Field
            label="Token"
            description="The cluster's bearer token. Grafana stores it encrypted and cannot show it back: leave it empty to keep the token Loki and Tempo already have."
          >
            <Input
              id="obs-token"
              type="password"
              autoComplete="off"
              value={form.token}
              onChange={update('token')}
              width={60}
              placeholder="Leave empty to keep the stored token"
            />
          </Field>
          {checkedField('logSelector')}
          <Stack gap={1}>
            <Button
              type="submit"
              icon={busy === 'preview' ? 'spinner' : 'eye'}
              disabled={invalid && Object.keys(touched).length > 0}
            >
              Preview changes
            </Button>
          </Stack>
        </SetupForm>
      </section>

      <DataSourceSetupOutcome flow={flow} words={WORDS} onApply={onApply} />

      <section aria-labelledby="yaml-heading">
        <h3 id="yaml-heading">Provision from a file</h3>
        <p className={styles.help}>
          The same three data sources as a Grafana provisioning file. It never contains a token: Grafana reads it from
          the environment or a file when it starts.
        </p>
        <Stack gap={2} alignItems="center">
          <RadioButtonGroup<YamlToken>
            aria-label="Where the file takes the token from"
            options={[
              { label: '$RESTATE_TOKEN', value: 'env', description: 'Token from the environment variable' },
              { label: '$__file{/token}', value: 'file', description: 'Token from the file /token' },
              { label: 'No token', value: 'none', description: 'Self-hosted Restate, Loki and Tempo without auth' },
            ]}
            value={yamlToken}
            onChange={setYamlToken}
          />
          <Button variant="secondary" icon="download-alt" onClick={onDownload} disabled={invalid}>
            Download YAML
          </Button>
        </Stack>
      </section>
    </Stack>
  );
}

/** Are Loki and Tempo linked, where, and queries to start exploring. */
function CurrentState({
  cluster,
  linked,
}: {
  cluster: ClusterSettings;
  linked?: { lokiUid?: string; tempoUid?: string; logSelector?: string };
}) {
  const styles = useStyles2(getStyles);
  const selector = linked?.logSelector || cluster.jsonData.logSelector || DEFAULT_LOG_SELECTOR;
  const rows = [
    { label: 'Logs (Loki)', uid: linked?.lokiUid ?? cluster.jsonData.lokiUid },
    { label: 'Traces (Tempo)', uid: linked?.tempoUid ?? cluster.jsonData.tempoUid },
  ].map((r) => ({ ...r, settings: r.uid ? getDataSourceSrv().getInstanceSettings(r.uid) : undefined }));
  const lokiUid = rows[0].settings?.uid;
  const tempoUid = rows[1].settings?.uid;
  const starterLogs = `${selector} != \`DEBUG\` | json fields | line_format \`{{ .fields }}\``;

  return (
    <section aria-labelledby="state-heading">
      <h3 id="state-heading">Current state</h3>
      <ul className={styles.list}>
        {rows.map((r) => (
          <li key={r.label}>
            <Text weight="medium">{r.label}: </Text>
            {r.settings ? (
              <>
                <Badge text="linked" color="green" />{' '}
                <a className={styles.link} href={dataSourceEditUrl(r.settings.uid)}>
                  {r.settings.name}
                </a>
              </>
            ) : r.uid ? (
              <>
                <Badge text="missing" color="red" /> linked to uid <code>{r.uid}</code>, which does not exist or which
                you cannot see. Set up again below.
              </>
            ) : (
              <>
                <Badge text="not linked" color="orange" /> Set it up below.
              </>
            )}
          </li>
        ))}
      </ul>
      {(lokiUid || tempoUid) && (
        <>
          <h4>Start exploring</h4>
          <Stack gap={1} wrap="wrap">
            {lokiUid && (
              <LinkButton variant="secondary" icon="compass" href={lokiExploreUrl(lokiUid, starterLogs, LAST_HOUR)}>
                Restate logs without DEBUG
              </LinkButton>
            )}
            {tempoUid && (
              <LinkButton
                variant="secondary"
                icon="compass"
                href={tempoExploreUrl(
                  tempoUid,
                  { queryType: 'traceql', query: '{ .restate.invocation.target != "" }' },
                  LAST_HOUR
                )}
              >
                Invocation traces
              </LinkButton>
            )}
          </Stack>
          <p className={styles.help}>
            Logs query: <code>{starterLogs}</code>. In a log line, the “Trace of this invocation” link opens its trace;
            in a trace, each span’s logs icon opens the lines of its invocation.
          </p>
        </>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  help: css({ color: theme.colors.text.secondary, maxWidth: '90ch' }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
  list: css({ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: theme.spacing(1) }),
});
