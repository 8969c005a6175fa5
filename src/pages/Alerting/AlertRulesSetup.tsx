import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { config } from '@grafana/runtime';
import { Alert, Badge, Button, Field, Input, Stack, Text, useStyles2 } from '@grafana/ui';
import { alertRuleViewUrl } from '../../alerting/grafanaAlertingApi';
import {
  type AlertCluster,
  type AlertThresholds,
  buildAlertRules,
  DEFAULT_THRESHOLDS,
  thresholdProblem,
} from '../../alerting/model';
import {
  type AlertPlan,
  applyAlertRules,
  type ApplyResult,
  planIsNoop,
  previewAlertRules,
} from '../../alerting/setup';
import { renderAlertRulesYaml } from '../../alerting/yaml';
import { slugify } from '../../observability/model';
import { ChangeCard } from '../../components/ChangeCard/ChangeCard';
import { SetupForm, SetupOutcome } from '../../components/SetupFlow/SetupFlow';
import { clusterName, type ClusterSettings } from '../../hooks/cluster';
import { usePermissions } from '../../hooks/roles';
import { useSetupFlow } from '../../hooks/setupFlow';
import { downloadText } from '../../utils/download';

type Form = Record<keyof AlertThresholds, string>;

const FIELDS: Array<{ key: keyof AlertThresholds; label: string; description: string; unit: string }> = [
  {
    key: 'backingOffMinutes',
    label: 'Backing off for over',
    description: 'Invocations retrying for longer than this since their first attempt',
    unit: 'min',
  },
  {
    key: 'failurePercent',
    label: 'Failure ratio above',
    description: 'Share of a handler’s completed invocations that failed',
    unit: '%',
  },
  {
    key: 'failureWindowMinutes',
    label: 'Failure ratio over the last',
    description: 'The time range the failure ratio is computed over',
    unit: 'min',
  },
  {
    key: 'failureMinCompleted',
    label: 'Failure ratio from',
    description: 'Completed invocations a handler needs in that range before its ratio counts',
    unit: 'invocations',
  },
  {
    key: 'stuckMinutes',
    label: 'Stuck for over',
    description: 'Running or suspended invocations unchanged for longer than this',
    unit: 'min',
  },
];

const RULES_EXPLAINED = [
  ['Invocations paused', 'some invocation of a handler is paused (its retries ran out, or someone paused it)'],
  ['Invocations backing off', 'some invocation keeps failing and being retried for longer than the threshold'],
  ['Failure ratio', 'more than the threshold share of a handler’s invocations completed with a failure'],
  ['Invocations stuck', 'some invocation is running or suspended and has not changed for longer than the threshold'],
];

function clusterOf(c: ClusterSettings): AlertCluster {
  return { uid: c.uid, name: clusterName(c) };
}

/** "Add alert rules" for one cluster: thresholds, preview by uid, apply, Download YAML. */
export function AlertRulesSetup({ cluster }: { cluster: ClusterSettings }) {
  const styles = useStyles2(getStyles);
  const perms = usePermissions();
  const alertCluster = useMemo(() => clusterOf(cluster), [cluster]);
  const [form, setForm] = useState<Form>(
    () => Object.fromEntries(FIELDS.map((f) => [f.key, String(DEFAULT_THRESHOLDS[f.key])])) as Form
  );
  const flow = useSetupFlow<AlertPlan, ApplyResult[]>();
  const { busy } = flow;

  const thresholds = Object.fromEntries(FIELDS.map((f) => [f.key, Number(form[f.key])])) as unknown as AlertThresholds;
  const problems = Object.fromEntries(
    FIELDS.map((f) => [
      f.key,
      form[f.key].trim() === '' ? 'Enter a number' : thresholdProblem(f.key, thresholds[f.key]),
    ])
  ) as Record<keyof AlertThresholds, string | undefined>;
  const invalid = Object.values(problems).some(Boolean);
  const group = buildAlertRules(alertCluster, invalid ? DEFAULT_THRESHOLDS : thresholds);

  const update = (key: keyof AlertThresholds) => (e: React.FormEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
    flow.stale();
  };

  const onPreview = () => {
    if (!invalid) {
      flow.preview(() => previewAlertRules(alertCluster, thresholds));
    }
  };

  const onDownload = () => {
    const text = renderAlertRulesYaml(
      alertCluster,
      thresholds,
      "Rendered by the Restate app (Alert rules). Put it in Grafana's provisioning/alerting/ folder.\n" +
        'A literal $ in interpolated values is written $$; query models and annotations are not interpolated.'
    );
    downloadText(`restate-${slugify(alertCluster.name) || 'cluster'}-alerts.yaml`, text);
  };

  return (
    <Stack direction="column" gap={3}>
      <section aria-labelledby="alerts-heading">
        <h3 id="alerts-heading">Add alert rules</h3>
        <p className={styles.help}>
          Creates or updates the rule group <code>{group.name}</code> in the folder <code>{group.folderTitle}</code>,
          evaluated every minute on Grafana’s server through the Restate data source’s backend. Each rule fires per
          service and handler (labels <code>service</code>, <code>handler</code>, <code>cluster</code>) and links to the
          invocations page filtered to what fired. A rule fires when:
        </p>
        <ul className={styles.help}>
          {RULES_EXPLAINED.map(([name, when]) => (
            <li key={name}>
              <Text weight="medium">{name}</Text>: {when}.
            </li>
          ))}
        </ul>
        {!perms.canDeploy && (
          <Alert severity="info" title="Adding alert rules is for admins">
            {perms.deployReason} Ask an admin to add them, or use Download YAML to provision them from a file.
          </Alert>
        )}
        <SetupForm canSetUp={perms.canDeploy} busy={busy} onPreview={onPreview}>
          {FIELDS.map((f) => (
            <Field
              key={f.key}
              label={`${f.label} (${f.unit})`}
              description={f.description}
              invalid={Boolean(problems[f.key])}
              error={problems[f.key]}
            >
              <Input id={`alert-${f.key}`} type="number" value={form[f.key]} onChange={update(f.key)} width={20} />
            </Field>
          ))}
          <Button type="submit" icon={busy === 'preview' ? 'spinner' : 'eye'} disabled={invalid}>
            Preview
          </Button>
        </SetupForm>
      </section>

      <SetupOutcome
        flow={flow}
        failedTitle="Adding alert rules failed"
        applyLabel="Apply"
        onApply={() => flow.apply(applyAlertRules)}
        nothingToDo={planIsNoop}
        blocked={(plan) => plan.rules.some((r) => r.blocked)}
        appliedTitle="Alert rules are in place"
        appliedItems={(applied) =>
          applied.map((r) => ({
            uid: r.uid,
            action: r.action,
            label: r.title,
            href: alertRuleViewUrl(r.uid, config.appSubUrl ?? ''),
          }))
        }
      >
        {(plan) => (
          <>
            <ul className={styles.list}>
              <li data-testid="plan-folder">
                <Badge
                  text={plan.folder.action === 'create' ? 'create' : 'exists'}
                  color={plan.folder.action === 'create' ? 'green' : 'darkgrey'}
                />{' '}
                Folder {plan.folder.title} (uid <code>{plan.folder.uid}</code>)
              </li>
              {plan.interval.before !== plan.interval.after && plan.interval.before !== undefined && (
                <li data-testid="plan-interval">
                  <Badge text="update" color="blue" /> Group {plan.group}: evaluated every {plan.interval.after} s
                  instead of {plan.interval.before} s
                </li>
              )}
            </ul>
            {plan.rules.map((r) => (
              <ChangeCard key={r.uid} change={r} name={r.title} what="rule" testId={`rule-${r.uid}`} />
            ))}
          </>
        )}
      </SetupOutcome>

      <section aria-labelledby="alerts-yaml-heading">
        <h3 id="alerts-yaml-heading">Provision from a file</h3>
        <p className={styles.help}>
          The same rules, with these thresholds, as a Grafana alerting provisioning file. Rules provisioned from a file
          cannot be changed in Grafana’s UI or from here.
        </p>
        <Button variant="secondary" icon="download-alt" onClick={onDownload} disabled={invalid}>
          Download YAML
        </Button>
      </section>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  help: css({ color: theme.colors.text.secondary, maxWidth: '90ch' }),
  list: css({ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: theme.spacing(1) }),
});
