import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Stack, useStyles2 } from '@grafana/ui';
import type { PlannedChange } from '../../model/setupPlan';
import { dataSourceEditUrl } from '../../observability/grafanaApi';
import type { SetupBusy, SetupFlowState } from '../../hooks/setupFlow';
import { ChangeCard } from '../ChangeCard/ChangeCard';

/** "What will change": the plan's cards (children), then Apply (unless nothing would change or a change is blocked) and Cancel. */
export function PlanPreview({
  children,
  nothingToDo,
  blocked,
  busy,
  applyLabel,
  onApply,
  onCancel,
}: {
  children: React.ReactNode;
  nothingToDo: boolean;
  blocked: boolean;
  busy: SetupBusy | undefined;
  applyLabel: string;
  onApply: () => void;
  onCancel: () => void;
}) {
  return (
    <section aria-label="Preview">
      <h4>What will change</h4>
      {children}
      <Stack gap={1}>
        <Button
          onClick={onApply}
          disabled={blocked || nothingToDo || busy !== undefined}
          icon={busy === 'apply' ? 'spinner' : 'check'}
        >
          {nothingToDo ? 'Nothing to change' : applyLabel}
        </Button>
        <Button variant="secondary" fill="text" onClick={onCancel}>
          Cancel
        </Button>
      </Stack>
    </section>
  );
}

export interface AppliedItem {
  uid: string;
  action: 'create' | 'update' | 'unchanged';
  label: string;
  href: string;
}

/** What Apply did, each object linked to where Grafana shows it. */
export function AppliedList({ title, items }: { title: string; items: AppliedItem[] }) {
  const styles = useStyles2(getStyles);
  return (
    <Alert severity="success" title={title}>
      <ul className={styles.list}>
        {items.map((r) => (
          <li key={r.uid}>
            {r.action === 'create' ? 'Created' : r.action === 'update' ? 'Updated' : 'Unchanged'}{' '}
            <a className={styles.link} href={r.href}>
              {r.label}
            </a>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/** A set-up's form: Preview on submit, nothing to edit for a role that may not set up or while a request runs. */
export function SetupForm({
  canSetUp,
  busy,
  onPreview,
  children,
}: {
  canSetUp: boolean;
  busy: SetupBusy | undefined;
  onPreview: () => void;
  children: React.ReactNode;
}) {
  const styles = useStyles2(getStyles);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onPreview();
      }}
    >
      <fieldset disabled={!canSetUp || busy !== undefined} className={styles.fieldset}>
        {children}
      </fieldset>
    </form>
  );
}

/**
 * What a set-up shows under its form, in the flow's order: why the last request failed, the plan (its cards are
 * `children(plan)`) with Apply, and what Apply did.
 */
export function SetupOutcome<Plan, Result>({
  flow,
  failedTitle,
  applyLabel,
  onApply,
  nothingToDo,
  blocked,
  children,
  appliedTitle,
  appliedItems,
}: {
  flow: SetupFlowState<Plan, Result>;
  failedTitle: string;
  applyLabel: string;
  onApply: () => void;
  nothingToDo: (plan: Plan) => boolean;
  blocked: (plan: Plan) => boolean;
  children: (plan: Plan) => React.ReactNode;
  appliedTitle: string;
  appliedItems: (applied: Result) => AppliedItem[];
}) {
  const { plan, busy, error, applied } = flow;
  return (
    <>
      {error && (
        <Alert severity="error" title={failedTitle} onRemove={flow.clearError}>
          {error}
        </Alert>
      )}
      {plan !== undefined && (
        <PlanPreview
          nothingToDo={nothingToDo(plan)}
          blocked={blocked(plan)}
          busy={busy}
          applyLabel={applyLabel}
          onApply={onApply}
          onCancel={flow.cancel}
        >
          {children(plan)}
        </PlanPreview>
      )}
      {applied !== undefined && <AppliedList title={appliedTitle} items={appliedItems(applied)} />}
    </>
  );
}

/** A plan of data source writes (logs and traces, metrics): what the user is warned of, and the changes. */
interface DataSourcePlan {
  changes: Array<PlannedChange & { role: string; name: string }>;
  warnings: string[];
}

/**
 * The outcome of a data source set-up: the plan's warnings (titled `warningTitle`) and a card per data source
 * (test id `change-<role><testIdSuffix>`), then each data source written, linked to its settings page.
 */
export function DataSourceSetupOutcome<Plan extends DataSourcePlan>({
  flow,
  words,
  testIdSuffix = '',
  onApply,
}: {
  flow: SetupFlowState<Plan, Array<{ uid: string; name: string; action: PlannedChange['action'] }>>;
  words: { failed: string; apply: string; warning: string; applied: string };
  testIdSuffix?: string;
  onApply: () => void;
}) {
  return (
    <SetupOutcome
      flow={flow}
      failedTitle={words.failed}
      applyLabel={words.apply}
      onApply={onApply}
      nothingToDo={(plan) => plan.changes.every((c) => c.action === 'unchanged')}
      blocked={(plan) => plan.changes.some((c) => c.blocked)}
      appliedTitle={words.applied}
      appliedItems={(applied) =>
        applied.map((r) => ({ uid: r.uid, action: r.action, label: r.name, href: dataSourceEditUrl(r.uid) }))
      }
    >
      {(plan) => (
        <>
          {plan.warnings.map((w) => (
            <Alert key={w} severity="warning" title={words.warning}>
              {w}
            </Alert>
          ))}
          {plan.changes.map((c) => (
            <ChangeCard
              key={c.role}
              change={c}
              name={c.name}
              what="data source"
              testId={`change-${c.role}${testIdSuffix}`}
            />
          ))}
        </>
      )}
    </SetupOutcome>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
  fieldset: css({ border: 'none', padding: 0, margin: 0 }),
  list: css({ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: theme.spacing(1) }),
});
