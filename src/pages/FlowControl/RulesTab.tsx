import React, { useMemo, useState } from 'react';
import { Alert, Badge, Button, EmptyState, InteractiveTable, Stack, Text, type Column } from '@grafana/ui';
import { deleteRule, preconditionFailure, type Rule } from '../../api/flowControl';
import { describePattern } from '../../model/flowControl';
import { ErrorExplanation, pendingQueryView } from '../../components/ErrorExplanation/ErrorExplanation';
import { RoleButton, RowDeleteButton, WhyDisabled } from '../../components/WhyDisabled/WhyDisabled';
import { FLOW_CONTROL_RESOURCES, useRules } from '../../hooks/fleet';
import { useConfirmedAction } from '../../hooks/confirmedAction';
import { ConfirmRowAction } from '../../components/ConfirmRowAction/ConfirmRowAction';
import { ReloadButton } from '../../components/ReloadButton/ReloadButton';
import { useInvalidate } from '../../hooks/resources/keys';
import { usePermissions } from '../../hooks/roles';
import { RuleForm } from './RuleForm';

/** The rule book: list, create, edit (at the version shown) and delete (confirmed) rules. Admins change them. */
export function RulesTab({ clusterUid }: { clusterUid: string }) {
  const rules = useRules(clusterUid);
  const { data, error, fetching, refresh } = rules;
  const { canDeploy, deployReason } = usePermissions();
  const invalidate = useInvalidate(clusterUid);
  const [editing, setEditing] = useState<Rule | 'new'>();
  const remove = useConfirmedAction(async (rule: Rule) => {
    await deleteRule(clusterUid, rule.pattern, rule.version);
    void invalidate(...FLOW_CONTROL_RESOURCES);
    return `Rule “${rule.pattern}” deleted.`;
  });
  const { notice, setNotice, ask: askDelete } = remove;
  const deleteError = remove.error;

  // Memoized: new cell functions would remount every cell (and lose a click in flight) on each poll.
  const columns = useMemo<Array<Column<Rule>>>(
    () => [
      {
        id: 'pattern',
        header: 'Pattern',
        sortType: 'string',
        cell: ({ row: { original } }) => (
          <Stack direction="column" gap={0}>
            <code>{original.pattern}</code>
            <Text color="secondary" variant="bodySmall">
              {describePattern(original.pattern)}
            </Text>
          </Stack>
        ),
      },
      {
        id: 'concurrency',
        header: 'Concurrency limit',
        cell: ({ row: { original } }) =>
          original.concurrency === undefined ? (
            <Text color="secondary">unlimited</Text>
          ) : (
            original.concurrency.toLocaleString()
          ),
      },
      {
        id: 'disabled',
        header: 'Status',
        cell: ({ row: { original } }) =>
          original.disabled ? <Badge color="orange" text="disabled" /> : <Badge color="green" text="enabled" />,
      },
      { id: 'description', header: 'Description', cell: ({ row: { original } }) => original.description ?? '' },
      { id: 'version', header: 'Version', sortType: 'number' },
      {
        id: 'lastModified',
        header: 'Last modified',
        cell: ({ row: { original } }) =>
          original.lastModified ? new Date(original.lastModified).toLocaleString() : '',
      },
      {
        id: 'actions',
        header: '',
        cell: ({ row: { original } }) => (
          <Stack gap={1}>
            <RoleButton
              reason={deployReason}
              size="sm"
              variant="secondary"
              icon="pen"
              aria-label={`Edit rule ${original.pattern}`}
              onClick={() => {
                setNotice(undefined);
                setEditing(original);
              }}
            >
              Edit
            </RoleButton>
            <RowDeleteButton
              reason={deployReason}
              label={`Delete rule ${original.pattern}`}
              onClick={() => askDelete(original)}
            />
          </Stack>
        ),
      },
    ],
    [deployReason, askDelete, setNotice]
  );

  const pending = pendingQueryView(rules, 'Loading rules…');
  if (pending || !data) {
    return pending;
  }

  const conflict = preconditionFailure(deleteError);

  const current = editing && editing !== 'new' ? data.find((r) => r.pattern === editing.pattern) : undefined;
  return (
    <Stack direction="column" gap={2}>
      <Stack justifyContent="space-between" alignItems="center">
        <Text color="secondary">
          Rules cap how many invocations run at once per scope and limit key; the others wait in their virtual queue.{' '}
          {data.length} rule{data.length === 1 ? '' : 's'}.
        </Text>
        <Stack gap={1}>
          <ReloadButton busy={fetching} onClick={refresh} />
          <WhyDisabled reason={deployReason}>
            <Button icon="plus" disabled={!canDeploy} onClick={() => setEditing('new')}>
              New rule
            </Button>
          </WhyDisabled>
        </Stack>
      </Stack>
      {error !== undefined && (
        <ErrorExplanation error={error} context="refresh" extra="The list below is the last one loaded." />
      )}
      {notice && <Alert severity="success" title={notice} onRemove={() => setNotice(undefined)} />}
      {conflict ? (
        <Alert
          severity="warning"
          title={`The rule “${conflict.pattern}” was not deleted`}
          onRemove={remove.clearError}
        >
          {conflict.kind === 'gone'
            ? 'It had been deleted already.'
            : `Someone changed it (now version ${conflict.actual}) after you opened the confirmation. Review the current rule below, then delete it again if you still want to.`}
        </Alert>
      ) : (
        deleteError !== undefined && (
          <ErrorExplanation error={deleteError} context="remove" onRemove={remove.clearError} />
        )
      )}
      {data.length === 0 ? (
        <EmptyState variant="not-found" message="No flow-control rules">
          Without rules Restate runs invocations as capacity allows.{' '}
          {canDeploy ? 'Create one with “New rule”.' : deployReason}
        </EmptyState>
      ) : (
        <InteractiveTable columns={columns} data={data} getRowId={(r) => r.pattern} />
      )}
      {editing && (
        <RuleForm
          clusterUid={clusterUid}
          rule={editing === 'new' ? undefined : editing}
          current={current}
          existing={data.map((r) => r.pattern)}
          onDismiss={() => setEditing(undefined)}
          onSaved={() => {
            setNotice(editing === 'new' ? 'Rule created.' : `Rule “${editing.pattern}” saved.`);
            setEditing(undefined);
            void invalidate(...FLOW_CONTROL_RESOURCES);
          }}
        />
      )}
      <ConfirmRowAction action={remove} title={(rule) => `Delete rule ${rule.pattern}?`} confirmText="Delete rule">
        {(rule) => (
          <div>
            <p>
              {describePattern(rule.pattern)} will no longer be limited
              {rule.concurrency !== undefined ? ` to ${rule.concurrency} at a time` : ''}: invocations waiting only
              because of this rule start as capacity allows.
            </p>
            <p>Version {rule.version}: if someone changes the rule before you confirm, Restate refuses the deletion.</p>
          </div>
        )}
      </ConfirmRowAction>
    </Stack>
  );
}
