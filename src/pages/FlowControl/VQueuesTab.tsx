import React, { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Alert,
  Badge,
  Button,
  EmptyState,
  InlineField,
  InlineSwitch,
  Input,
  InteractiveTable,
  LoadingPlaceholder,
  Stack,
  Text,
  TextLink,
  type Column,
} from '@grafana/ui';
import { setVQueuePaused, vqueuesEnabled, type VQueue, type VQueueEntry } from '../../api/flowControl';
import { ErrorExplanation, pendingQueryView } from '../../components/ErrorExplanation/ErrorExplanation';
import { WhyDisabled } from '../../components/WhyDisabled/WhyDisabled';
import { ReloadButton } from '../../components/ReloadButton/ReloadButton';
import { FLOW_CONTROL_RESOURCES, useLimitCounters, useVQueueEntries, useVQueues } from '../../hooks/fleet';
import { useVersion } from '../../hooks/resources/cluster';
import { useInvalidate } from '../../hooks/resources/keys';
import { usePermissions } from '../../hooks/roles';
import { invocationHref } from '../../utils/utils.routing';

const time = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '');

/** Tells when the server runs without virtual queues (then the tables are empty by design). */
function VQueuesOff({ clusterUid }: { clusterUid: string }) {
  const { data } = useVersion(clusterUid);
  if (vqueuesEnabled(data) !== false) {
    return null;
  }
  return (
    <Alert severity="info" title="Virtual queues are off on this Restate server">
      Restate {data?.version} reports the feature “vqueues” as disabled, so there are no virtual queues to show and
      rules limit nothing. Restate 1.7 runs them when started with <code>experimental-enable-vqueues = true</code> in
      its configuration (or <code>RESTATE_EXPERIMENTAL_ENABLE_VQUEUES=true</code>).
    </Alert>
  );
}

/** Virtual queues with their load, filtered in the URL; Editors pause and resume them. */
export function VQueuesTab({ clusterUid }: { clusterUid: string }) {
  const [params, setParams] = useSearchParams();
  const service = params.get('service') ?? '';
  const activeOnly = params.get('active') === '1';
  const pausedOnly = params.get('paused') === '1';
  const [serviceInput, setServiceInput] = useState(service);
  const vqueues = useVQueues(clusterUid, {
    service: service || undefined,
    activeOnly,
    pausedOnly,
  });
  const { data, error, fetching, refresh } = vqueues;
  const { canOperate, operateReason } = usePermissions();
  const invalidate = useInvalidate(clusterUid);
  const [actionError, setActionError] = useState<unknown>();
  const [requested, setRequested] = useState<Record<string, 'pause' | 'resume'>>({});
  // Only real changes navigate: a navigation re-renders the table, and one fired by a blur between a button's
  // mousedown and mouseup (focus leaving the service field) would swallow that click.
  const setParam = (name: string, value: string | undefined) =>
    (params.get(name) ?? undefined) !== value &&
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) {
          next.set(name, value);
        } else {
          next.delete(name);
        }
        return next;
      },
      { replace: true }
    );

  const toggle = async (q: VQueue) => {
    setActionError(undefined);
    const action = q.paused ? 'resume' : 'pause';
    try {
      await setVQueuePaused(clusterUid, q.id, !q.paused);
      setRequested((r) => ({ ...r, [q.id]: action }));
      void invalidate(...FLOW_CONTROL_RESOURCES);
    } catch (e) {
      setActionError(e);
    }
  };

  const toggleRef = useRef(toggle);
  useEffect(() => {
    toggleRef.current = toggle;
  });

  // Memoized: new cell functions would remount every cell (and lose a click in flight) on each poll.
  const columns = useMemo<Array<Column<VQueue>>>(
    () => [
      { id: 'id', header: 'Queue', cell: ({ row: { original } }) => <code>{original.id}</code> },
      { id: 'serviceName', header: 'Service', sortType: 'string' },
      {
        id: 'lockName',
        header: 'Key / scope',
        cell: ({ row: { original } }) =>
          [
            original.lockName,
            original.scope && `scope ${original.scope}`,
            original.limitKey && `limit key ${original.limitKey}`,
          ]
            .filter(Boolean)
            .join(' · '),
      },
      {
        id: 'state',
        header: 'State',
        cell: ({ row: { original } }) => (
          <Stack gap={0.5}>
            {original.paused ? (
              <Badge color="orange" text="paused" icon="pause" />
            ) : (
              <Badge color="green" text="running" />
            )}
            {original.active ? <Badge color="blue" text="active" /> : <Badge color="darkgrey" text="idle" />}
          </Stack>
        ),
      },
      { id: 'inbox', header: 'Waiting', sortType: 'number' },
      { id: 'running', header: 'Running', sortType: 'number' },
      { id: 'suspended', header: 'Suspended', sortType: 'number' },
      { id: 'pausedEntries', header: 'Paused', sortType: 'number' },
      { id: 'finished', header: 'Finished', sortType: 'number' },
      { id: 'lastEnqueuedAt', header: 'Last enqueued', cell: ({ row: { original } }) => time(original.lastEnqueuedAt) },
      {
        id: 'actions',
        header: '',
        cell: ({ row: { original } }) => {
          const asked = requested[original.id];
          const waiting = asked !== undefined && (asked === 'pause') !== original.paused;
          return (
            <WhyDisabled reason={operateReason}>
              <Button
                size="sm"
                variant="secondary"
                icon={waiting ? 'spinner' : original.paused ? 'play' : 'pause'}
                disabled={!canOperate || waiting}
                aria-label={`${original.paused ? 'Resume' : 'Pause'} queue ${original.id}`}
                onClick={() => toggleRef.current(original)}
              >
                {waiting ? (asked === 'pause' ? 'Pausing…' : 'Resuming…') : original.paused ? 'Resume' : 'Pause'}
              </Button>
            </WhyDisabled>
          );
        },
      },
    ],
    [requested, canOperate, operateReason]
  );

  const pending = pendingQueryView(vqueues, 'Loading virtual queues…');
  return (
    <Stack direction="column" gap={2}>
      <VQueuesOff clusterUid={clusterUid} />
      <Text color="secondary">
        Each virtual object key, workflow and scoped limit key has a virtual queue. A paused queue starts nothing new;
        what runs keeps running. Pausing needs the Editor role.
      </Text>
      <form
        aria-label="Filter virtual queues"
        onSubmit={(e) => {
          e.preventDefault();
          setParam('service', serviceInput.trim() || undefined);
        }}
      >
        <Stack gap={1} alignItems="center" wrap="wrap">
          <InlineField label="Service" tooltip="Press Enter to apply">
            <Input
              id="vqueue-service"
              width={24}
              value={serviceInput}
              placeholder="any"
              onChange={(e) => setServiceInput(e.currentTarget.value)}
              onBlur={() => setParam('service', serviceInput.trim() || undefined)}
            />
          </InlineField>
          {(
            [
              ['active', 'Active only', activeOnly],
              ['paused', 'Paused only', pausedOnly],
            ] as const
          ).map(([param, label, on]) => (
            <InlineSwitch
              key={param}
              id={`vqueue-${param}-only`}
              label={label}
              showLabel
              value={on}
              onChange={(e) => setParam(param, e.currentTarget.checked ? '1' : undefined)}
            />
          ))}
          <ReloadButton busy={fetching} onClick={refresh} />
        </Stack>
      </form>
      {actionError !== undefined && (
        <ErrorExplanation error={actionError} context="update" onRemove={() => setActionError(undefined)} />
      )}
      {pending ??
        (data && (
          <>
            {error !== undefined && <ErrorExplanation error={error} context="refresh" />}
            {data.length === 0 ? (
              <EmptyState variant="not-found" message="No virtual queues">
                {service || activeOnly || pausedOnly
                  ? 'None matches these filters.'
                  : 'Queues appear once invocations run on a server with virtual queues.'}
              </EmptyState>
            ) : (
              <InteractiveTable
                columns={columns}
                data={data}
                getRowId={(q) => q.id}
                renderExpandedRow={(q) => <Entries clusterUid={clusterUid} id={q.id} />}
              />
            )}
          </>
        ))}
    </Stack>
  );
}

/** What one queue holds (from sys_vqueues). */
function Entries({ clusterUid, id }: { clusterUid: string; id: string }) {
  const { data, error, fetching } = useVQueueEntries(clusterUid, id);
  if (!data) {
    return fetching ? <LoadingPlaceholder text="Loading entries…" /> : <ErrorExplanation error={error} />;
  }
  if (data.length === 0) {
    return <Text color="secondary">This queue holds no entries.</Text>;
  }
  const columns: Array<Column<VQueueEntry>> = [
    {
      id: 'entryId',
      header: 'Entry',
      cell: ({ row: { original } }) =>
        original.entryId.startsWith('inv_') ? (
          <TextLink href={invocationHref(original.entryId, clusterUid)} inline={false}>
            {original.entryId}
          </TextLink>
        ) : (
          original.entryId
        ),
    },
    { id: 'kind', header: 'Kind' },
    { id: 'stage', header: 'Stage' },
    { id: 'status', header: 'Status' },
    { id: 'attempts', header: 'Attempts' },
    { id: 'createdAt', header: 'Created', cell: ({ row: { original } }) => time(original.createdAt) },
    { id: 'transitionedAt', header: 'Changed', cell: ({ row: { original } }) => time(original.transitionedAt) },
  ];
  return <InteractiveTable columns={columns} data={data} getRowId={(e) => e.entryId} />;
}

/** Limit counters: per scope/key, how much of a rule's limit is in use and who waits. */
export function CountersTab({ clusterUid }: { clusterUid: string }) {
  const counters = useLimitCounters(clusterUid);
  const { data, error, fetching, refresh } = counters;
  const pending = pendingQueryView(counters, 'Loading limit counters…');
  if (pending || !data) {
    return pending;
  }
  type Row = (typeof data)[number] & { key: string };
  const rows: Row[] = data.map((c, i) => ({ ...c, key: `${i}` }));
  const columns: Array<Column<Row>> = [
    { id: 'rulePattern', header: 'Rule', cell: ({ row: { original } }) => <code>{original.rulePattern}</code> },
    {
      id: 'scope',
      header: 'Scope / key',
      cell: ({ row: { original } }) => [original.scope, original.l1, original.l2].filter(Boolean).join(' / '),
    },
    { id: 'level', header: 'Level' },
    { id: 'usage', header: 'In use', sortType: 'number' },
    { id: 'limit', header: 'Limit', cell: ({ row: { original } }) => original.limit ?? 'unlimited' },
    { id: 'available', header: 'Available' },
    { id: 'waiters', header: 'Waiting queues', sortType: 'number' },
  ];
  return (
    <Stack direction="column" gap={2}>
      <VQueuesOff clusterUid={clusterUid} />
      <Stack justifyContent="space-between" alignItems="center">
        <Text color="secondary">How much of each rule’s limit is in use, per scope and limit key (per partition).</Text>
        <ReloadButton busy={fetching} onClick={refresh} />
      </Stack>
      {error !== undefined && <ErrorExplanation error={error} context="refresh" />}
      {rows.length === 0 ? (
        <EmptyState variant="not-found" message="No limit counters">
          Counters appear while invocations with a scope run under a rule.
        </EmptyState>
      ) : (
        <InteractiveTable columns={columns} data={rows} getRowId={(r) => r.key} />
      )}
    </Stack>
  );
}
