import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { Alert, Badge, Button, ClipboardButton, Field, Input, Stack, Text, useStyles2 } from '@grafana/ui';
import { dataSourceEditUrl, getDataSourceByUid } from '../../observability/grafanaApi';
import { derivedUid } from '../../observability/model';
import {
  applyPrometheus,
  metricsTarget,
  previewPrometheus,
  prometheusFileName,
  prometheusUrlProblem,
  type PrometheusCluster,
  type PrometheusPlan,
  renderPrometheusYaml,
  RESTATE_METRICS_PATH,
  RESTATE_METRICS_PORT,
  scrapeJobYaml,
} from '../../observability/prometheus';
import { DataSourceSetupOutcome, SetupForm } from '../../components/SetupFlow/SetupFlow';
import { clusterName, type ClusterSettings } from '../../hooks/cluster';
import { usePermissions } from '../../hooks/roles';
import { useSetupFlow } from '../../hooks/setupFlow';
import { downloadText } from '../../utils/download';

type Applied = Awaited<ReturnType<typeof applyPrometheus>>;

const DEFAULT_PROMETHEUS_URL = 'http://prometheus:9090';

const WORDS = {
  failed: 'Metrics set-up failed',
  apply: 'Apply metrics changes',
  warning: 'Not linked',
  applied: 'Metrics are set up',
};

/** The model's view of this cluster with the URL the form holds. */
export function toPrometheusCluster(cluster: ClusterSettings, prometheusUrl: string): PrometheusCluster {
  const name = clusterName(cluster);
  return {
    name,
    restateUid: cluster.uid,
    prometheusUrl: prometheusUrl.trim(),
    prometheusUid: cluster.jsonData.prometheusUid || derivedUid(name, 'prometheus'),
  };
}

/**
 * "Set up metrics" (optional, self-hosted): a Prometheus data source for the Prometheus server that scrapes
 * Restate's :5122/metrics, linked into the cluster's Restate data source, previewed before it is applied; or the
 * same as a provisioning file. Creating data sources is for Admins (Grafana's API refuses others).
 */
export function PrometheusSetup({ cluster }: { cluster: ClusterSettings }) {
  const styles = useStyles2(getStyles);
  const perms = usePermissions();
  const [url, setUrl] = useState(DEFAULT_PROMETHEUS_URL);
  const [touched, setTouched] = useState(false);
  const [linkedUid, setLinkedUid] = useState<string>();
  const flow = useSetupFlow<PrometheusPlan, Applied>();
  const { busy } = flow;
  const model = useMemo(() => toPrometheusCluster(cluster, url), [cluster, url]);
  const uid = model.prometheusUid!;
  const problem = prometheusUrlProblem(url);
  const target = metricsTarget(cluster.jsonData.adminUrl);

  // An Admin may read the data source: prefill the URL of the Prometheus that already exists.
  useEffect(() => {
    if (!perms.canDeploy) {
      return;
    }
    let cancelled = false;
    getDataSourceByUid(uid)
      .then((ds) => {
        if (!cancelled && ds?.url) {
          setUrl((u) => (u === DEFAULT_PROMETHEUS_URL ? ds.url : u));
        }
      })
      .catch(() => undefined); // the preview reports errors where they matter
    return () => {
      cancelled = true;
    };
  }, [uid, perms.canDeploy]);

  const shownUid = linkedUid ?? cluster.jsonData.prometheusUid;
  const linked = shownUid ? getDataSourceSrv().getInstanceSettings(shownUid) : undefined;

  const onPreview = () => {
    setTouched(true);
    if (!problem) {
      flow.preview(() => previewPrometheus(model));
    }
  };
  const onApply = () =>
    flow.apply(async (p) => {
      const done = await applyPrometheus(p);
      await Promise.resolve(getDataSourceSrv().reload()).catch(() => undefined);
      setLinkedUid(uid);
      return done;
    });
  const onDownload = () =>
    downloadText(
      prometheusFileName(model),
      renderPrometheusYaml(
        model,
        "Rendered by the Restate app (Logs and traces). Put it in Grafana's provisioning/datasources/ folder.\n" +
          `Your Prometheus must scrape every Restate node's :${RESTATE_METRICS_PORT}${RESTATE_METRICS_PATH}.`
      )
    );

  const snippet = scrapeJobYaml(target);

  return (
    <section aria-labelledby="metrics-heading" className={styles.section}>
      <h3 id="metrics-heading">Metrics (Prometheus, optional)</h3>
      <p className={styles.help}>
        A self-hosted Restate serves Prometheus metrics on every node at <code>:{RESTATE_METRICS_PORT}</code>
        <code>{RESTATE_METRICS_PATH}</code>. Point a Prometheus server at it with a scrape job like the one below (the
        local docker-compose stack has one), then add that Prometheus here: the app ships a “Restate metrics” dashboard
        of ingress throughput and latency, invocation attempts and partition processor health for it.
      </p>
      <pre className={styles.pre} aria-label="Prometheus scrape job">
        {snippet}
      </pre>
      <Stack gap={1}>
        <ClipboardButton icon="copy" variant="secondary" size="sm" getText={() => snippet}>
          Copy scrape job
        </ClipboardButton>
      </Stack>

      <div className={styles.state}>
        <Text weight="medium">Metrics (Prometheus): </Text>
        {linked ? (
          <>
            <Badge text="linked" color="green" />{' '}
            <a className={styles.link} href={dataSourceEditUrl(linked.uid)}>
              {linked.name}
            </a>
          </>
        ) : shownUid ? (
          <>
            <Badge text="missing" color="red" /> linked to uid <code>{shownUid}</code>, which does not exist or which
            you cannot see.
          </>
        ) : (
          <Badge text="not set up" color="orange" />
        )}
      </div>

      {!perms.canDeploy && (
        <Alert severity="info" title="Adding a Prometheus data source is for admins">
          Creating data sources needs the Admin role (Grafana&apos;s API refuses others; you are {perms.role}). Ask an
          admin, or use Download Prometheus YAML to provision it from a file.
        </Alert>
      )}
      <SetupForm canSetUp={perms.canDeploy} busy={busy} onPreview={onPreview}>
        <Field
          label="Prometheus URL"
          description="Your Prometheus server as Grafana's server reaches it (not Restate's :5122 itself)"
          invalid={Boolean(touched && problem)}
          error={problem}
        >
          <Input
            id="prom-url"
            value={url}
            onChange={(e) => {
              setUrl(e.currentTarget.value);
              setTouched(true);
              flow.stale();
            }}
            width={60}
          />
        </Field>
        <Stack gap={1}>
          <Button type="submit" icon={busy === 'preview' ? 'spinner' : 'eye'} disabled={touched && Boolean(problem)}>
            Preview metrics changes
          </Button>
        </Stack>
      </SetupForm>

      <Stack gap={1}>
        <Button type="button" variant="secondary" icon="download-alt" onClick={onDownload} disabled={Boolean(problem)}>
          Download Prometheus YAML
        </Button>
      </Stack>

      <DataSourceSetupOutcome flow={flow} words={WORDS} testIdSuffix="-metrics" onApply={onApply} />
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  help: css({ color: theme.colors.text.secondary, maxWidth: '90ch', margin: 0 }),
  pre: css({ maxWidth: '90ch', margin: 0 }),
  state: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});
