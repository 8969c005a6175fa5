import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  Alert,
  Badge,
  Button,
  Combobox,
  ConfirmModal,
  EmptyState,
  Field,
  Icon,
  Input,
  LoadingPlaceholder,
  Pagination,
  RadioButtonGroup,
  Stack,
  Text,
  TextArea,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import {
  describeOutcome,
  KEYS_PAGE_SIZE,
  setObjectState,
  withChanges,
  type ObjectState,
  type StateChangeOutcome,
  type StateValue,
} from '../../api/objectState';
import { serviceTypeLabel } from '../../api/services';
import { BackLink } from '../../components/BackLink/BackLink';
import { clusterPage } from '../../components/ClusterPage/ClusterPage';
import { ErrorExplanation, pendingQueryView } from '../../components/ErrorExplanation/ErrorExplanation';
import { WhyDisabled } from '../../components/WhyDisabled/WhyDisabled';
import { ReloadButton } from '../../components/ReloadButton/ReloadButton';
import { ROUTES } from '../../constants';
import type { ClusterSettings } from '../../hooks/cluster';
import { STATE_RESOURCES, useInvalidate } from '../../hooks/resources/keys';
import { useObjectState, useStateKeys } from '../../hooks/resources/objectState';
import { useServices } from '../../hooks/resources/services';
import { usePermissions } from '../../hooks/roles';
import { encodeValue, formatSize, keyNameProblem, valueProblem } from '../../model/stateValue';
import { useUrlParams } from '../../hooks/urlParams';
import { prefixRoute } from '../../utils/utils.routing';
import { onCtrlEnter } from '../../utils/keys';

/**
 * The state of virtual objects and workflows: a keys browser per service (`state?service=counter&prefix=k`)
 * and one key's state (`&key=k1`), viewed by everyone and edited or cleared by Editors.
 */
export default clusterPage(StateView, "The K/V state of virtual objects and workflows: browse keys, view, edit and clear their state.");

function StateView({ cluster }: { cluster: ClusterSettings }) {
  const [params, update] = useUrlParams();
  const service = params.get('service') ?? '';
  const key = params.get('key');
  const services = useServices(cluster.uid);
  const keyed = useMemo(
    () =>
      (services.data ?? [])
        .filter((s) => s.ty === 'VirtualObject' || s.ty === 'Workflow')
        .sort((a, b) => a.name.localeCompare(b.name)),
    [services.data]
  );
  const pending = pendingQueryView(services, 'Loading services…');
  if (pending) {
    return pending;
  }
  if (keyed.length === 0) {
    return (
      <EmptyState variant="not-found" message="No virtual objects or workflows">
        Only virtual objects and workflows keep state. Register a deployment that serves one to see its keys here.
      </EmptyState>
    );
  }
  const chosen = keyed.find((s) => s.name === service);
  return (
    <Stack direction="column" gap={2}>
      <Field label="Service" description="Virtual objects and workflows of this cluster" noMargin>
        <Combobox
          aria-label="Service"
          width={40}
          value={chosen ? chosen.name : null}
          placeholder="Choose a virtual object or workflow"
          options={keyed.map((s) => ({ label: s.name, value: s.name, description: serviceTypeLabel(s.ty) }))}
          onChange={(o) => update({ service: o?.value, key: undefined, prefix: undefined, page: undefined })}
        />
      </Field>
      {!service && (
        <Text color="secondary">
          Choose a virtual object or workflow to list its keys that hold state.
        </Text>
      )}
      {service && !chosen && (
        <Alert severity="warning" title={`“${service}” is not a virtual object or workflow of this cluster`}>
          It may have been removed, or it is a plain service (those keep no state). Choose one above.
        </Alert>
      )}
      {chosen && key === null && (
        <KeysBrowser
          cluster={cluster}
          service={chosen.name}
          prefix={params.get('prefix') ?? ''}
          page={Math.max(1, Math.floor(Number(params.get('page')) || 1))}
          update={update}
        />
      )}
      {chosen && key !== null && <KeyState cluster={cluster} service={chosen.name} objectKey={key} />}
    </Stack>
  );
}

const stateHref = (cluster: ClusterSettings, params: Record<string, string | undefined>) =>
  prefixRoute(ROUTES.State, params, cluster.uid);

function KeysBrowser({
  cluster,
  service,
  prefix,
  page,
  update,
}: {
  cluster: ClusterSettings;
  service: string;
  prefix: string;
  page: number;
  update: (patch: Record<string, string | undefined>) => void;
}) {
  const styles = useStyles2(getStyles);
  // Typing updates the URL (and the query) after a short pause, so each keystroke is not a query.
  const [typed, setTyped] = useState(prefix);
  // A prefix changed from outside (back button, a link) replaces what is in the box.
  const [shown, setShown] = useState(prefix);
  if (shown !== prefix) {
    setShown(prefix);
    setTyped(prefix);
  }
  useEffect(() => {
    if (typed === prefix) {
      return;
    }
    const t = setTimeout(() => update({ prefix: typed, page: undefined }), 300);
    return () => clearTimeout(t);
  }, [typed, prefix, update]);
  const [openKey, setOpenKey] = useState('');

  const q = { prefix: prefix || undefined, offset: (page - 1) * KEYS_PAGE_SIZE, limit: KEYS_PAGE_SIZE };
  const { data, error, loading, fetching, refresh } = useStateKeys(cluster.uid, service, q);
  const pages = data ? Math.max(1, Math.ceil(data.total / KEYS_PAGE_SIZE)) : undefined;

  return (
    <Stack direction="column" gap={2}>
      <Stack gap={2} alignItems="flex-end" wrap="wrap">
        <Field label="Key starts with" noMargin>
          <Input
            aria-label="Key starts with"
            width={30}
            value={typed}
            placeholder="e.g. user-"
            prefix={<Icon name="search" />}
            onChange={(e) => setTyped(e.currentTarget.value)}
          />
        </Field>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (openKey !== '') {
              update({ key: openKey });
            }
          }}
        >
          <Stack gap={1} alignItems="flex-end">
            <Field label="Open a key" description="Also one without state yet" noMargin>
              <Input
                aria-label="Open a key"
                width={30}
                value={openKey}
                onChange={(e) => setOpenKey(e.currentTarget.value)}
              />
            </Field>
            <Button type="submit" variant="secondary" disabled={openKey === ''}>
              Open
            </Button>
          </Stack>
        </form>
        <ReloadButton busy={fetching} onClick={refresh} />
      </Stack>
      {error !== undefined && <ErrorExplanation error={error} context="load" />}
      {loading && !data && <LoadingPlaceholder text="Loading keys…" />}
      {data && (
        <>
          <Text color="secondary">
            {data.total} key{data.total === 1 ? '' : 's'} with state{prefix ? ` starting with “${prefix}”` : ''}
          </Text>
          {data.keys.length === 0 ? (
            <EmptyState
              variant="not-found"
              message={prefix ? 'No key starts with that' : 'No key of this service holds state'}
            >
              {prefix
                ? 'Try a shorter prefix, or clear it to list every key.'
                : 'A key appears here once one of its invocations stores state.'}
            </EmptyState>
          ) : (
            <table className={styles.table} aria-label={`Keys of ${service}`}>
              <thead>
                <tr>
                  <th>Key</th>
                  <th>Entries</th>
                  <th>Size</th>
                </tr>
              </thead>
              <tbody>
                {data.keys.map((k) => (
                  <tr key={k.key}>
                    <td className={styles.mono}>
                      <TextLink href={stateHref(cluster, { service, key: k.key })} inline={false}>
                        {k.key === '' ? '(empty key)' : k.key}
                      </TextLink>
                    </td>
                    <td>{k.entries}</td>
                    <td>{formatSize(k.bytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {pages !== undefined && pages > 1 && (
            <Pagination currentPage={page} numberOfPages={pages} onNavigate={(p) => update({ page: String(p) })} />
          )}
        </>
      )}
    </Stack>
  );
}

type Editing = { name: string; isNew: boolean; kind: 'json' | 'text'; text: string };

function KeyState({ cluster, service, objectKey }: { cluster: ClusterSettings; service: string; objectKey: string }) {
  const styles = useStyles2(getStyles);
  const { canOperate, operateReason } = usePermissions();
  const invalidate = useInvalidate(cluster.uid);
  const objectState = useObjectState(cluster.uid, service, objectKey);
  const { data, fetching, refresh } = objectState;
  const [editing, setEditing] = useState<Editing>();
  const [confirm, setConfirm] = useState<{ kind: 'remove'; name: string } | { kind: 'clear' }>();
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<StateChangeOutcome>();
  const [sendError, setSendError] = useState<unknown>();
  const [touched, setTouched] = useState(false);

  const back = <BackLink href={stateHref(cluster, { service })}>All keys of {service}</BackLink>;
  const pending = pendingQueryView(objectState, 'Loading state…', { back });
  if (pending || !data) {
    return pending;
  }

  const change = async (state: ObjectState, changes: Record<string, Uint8Array | undefined> | 'clear') => {
    setSaving(true);
    setOutcome(undefined);
    setSendError(undefined);
    try {
      const next = changes === 'clear' ? {} : withChanges(state, changes);
      const o = await setObjectState(cluster.uid, service, objectKey, next, state.version);
      setOutcome(o);
      // What was typed stays in the editor unless it was saved.
      if (o.outcome === 'applied') {
        setEditing(undefined);
        setTouched(false);
      }
      await invalidate(...STATE_RESOURCES);
    } catch (e) {
      setSendError(e);
    } finally {
      setSaving(false);
    }
  };

  const names = data.entries.map((e) => e.key);
  const problem = editing
    ? ((editing.isNew ? keyNameProblem(editing.name, names) : undefined) ?? valueProblem(editing.kind, editing.text))
    : undefined;
  const described = outcome && describeOutcome(outcome);
  // The editor of the new entry or of the entry being edited: its problem shows once a save was tried.
  const editorOf = (current: Editing, name: string): EditorProps => ({
    editing: current,
    problem: touched ? problem : undefined,
    saving,
    onChange: setEditing,
    onCancel: () => {
      setEditing(undefined);
      setTouched(false);
    },
    onSave: () => {
      setTouched(true);
      if (!problem) {
        change(data, { [name]: encodeValue(current.kind, current.text) });
      }
    },
  });

  return (
    <div className={styles.keyState}>
      <Stack direction="column" gap={2}>
        {back}
        <Stack justifyContent="space-between" alignItems="center" wrap="wrap">
          <Stack direction="column" gap={0.5}>
            <Text element="h2" variant="h3">
              <span className={styles.mono}>
                {service} / {objectKey === '' ? '(empty key)' : objectKey}
              </span>
            </Text>
            <Text color="secondary">
              {data.entries.length} entr{data.entries.length === 1 ? 'y' : 'ies'} · version{' '}
              <span
                className={styles.mono}
                title="Restate's hash of this state; a change is applied only while it is unchanged"
              >
                {data.version.slice(0, 12)}
              </span>
            </Text>
          </Stack>
          <Stack gap={1}>
            <TextLink href={prefixRoute(ROUTES.Invocations, { service, key: objectKey }, cluster.uid)} inline={false}>
              Invocations of this key
            </TextLink>
            <ReloadButton busy={fetching} onClick={refresh} />
            <WhyDisabled reason={operateReason}>
              <Button
                variant="secondary"
                icon="plus"
                disabled={!canOperate || saving || editing !== undefined}
                onClick={() => setEditing({ name: '', isNew: true, kind: 'json', text: '' })}
              >
                Add entry
              </Button>
            </WhyDisabled>
            <WhyDisabled reason={operateReason}>
              <Button
                variant="destructive"
                icon="trash-alt"
                disabled={!canOperate || saving || data.entries.length === 0}
                onClick={() => setConfirm({ kind: 'clear' })}
              >
                Clear state
              </Button>
            </WhyDisabled>
          </Stack>
        </Stack>

        {described && (
          <Alert severity={described.severity} title={described.title} onRemove={() => setOutcome(undefined)}>
            {described.detail}
          </Alert>
        )}
        {sendError !== undefined && (
          <ErrorExplanation
            error={sendError}
            context="update"
            title="The state was not changed"
            onRemove={() => setSendError(undefined)}
          />
        )}

        {editing?.isNew && <EntryEditor {...editorOf(editing, editing.name)} />}

        {data.entries.length === 0 && !editing ? (
          <EmptyState variant="not-found" message="This key holds no state">
            {canOperate
              ? 'Add an entry to give it some.'
              : 'Its invocations have not stored any state (or it was cleared).'}
          </EmptyState>
        ) : (
          <div className={styles.entries}>
            {data.entries.map((entry) => (
              <Entry
                key={entry.key}
                entry={entry}
                canOperate={canOperate}
                operateReason={operateReason}
                busy={saving}
                editor={
                  editing && !editing.isNew && editing.name === entry.key ? editorOf(editing, entry.key) : undefined
                }
                onEdit={() =>
                  setEditing({
                    name: entry.key,
                    isNew: false,
                    kind: entry.decoded.kind === 'json' ? 'json' : 'text',
                    text: entry.decoded.text ?? '',
                  })
                }
                onRemove={() => setConfirm({ kind: 'remove', name: entry.key })}
              />
            ))}
          </div>
        )}

        <ConfirmModal
          isOpen={confirm !== undefined}
          title={
            confirm?.kind === 'clear'
              ? `Clear the state of ${service}/${objectKey}?`
              : `Remove “${confirm?.kind === 'remove' ? confirm.name : ''}”?`
          }
          body={
            confirm?.kind === 'clear'
              ? `All ${data.entries.length} entries of this key are deleted. Its handlers will find no state on their next invocation. This cannot be undone.`
              : 'The entry is deleted from the object’s state. This cannot be undone.'
          }
          confirmText={confirm?.kind === 'clear' ? 'Clear state' : 'Remove entry'}
          onConfirm={() => {
            const c = confirm;
            setConfirm(undefined);
            if (c?.kind === 'clear') {
              change(data, 'clear');
            } else if (c) {
              change(data, { [c.name]: undefined });
            }
          }}
          onDismiss={() => setConfirm(undefined)}
        />
      </Stack>
    </div>
  );
}

function Entry({
  entry,
  canOperate,
  operateReason,
  busy,
  editor,
  onEdit,
  onRemove,
}: {
  entry: StateValue;
  canOperate: boolean;
  operateReason?: string;
  busy: boolean;
  /** Set while this entry is being edited. */
  editor?: EditorProps;
  onEdit: () => void;
  onRemove: () => void;
}) {
  const styles = useStyles2(getStyles);
  const { decoded } = entry;
  const kindBadge =
    decoded.kind === 'json' ? (
      <Badge color="blue" text="JSON" />
    ) : decoded.kind === 'text' ? (
      <Badge color="purple" text="Text" />
    ) : (
      <Badge color="orange" text="Binary" />
    );
  return (
    <section className={styles.entry} aria-label={`State entry ${entry.key}`}>
      <div className={styles.entryHeader}>
        <Stack gap={1} alignItems="center">
          <span className={styles.entryName}>{entry.key}</span>
          {kindBadge}
          <Text color="secondary" variant="bodySmall">
            {formatSize(decoded.size)}
          </Text>
        </Stack>
        {!editor && (
          <Stack gap={1}>
            <WhyDisabled
              reason={
                operateReason ??
                (decoded.kind === 'binary'
                  ? 'Binary values cannot be edited as text; remove the entry or replace it from a handler.'
                  : undefined)
              }
            >
              <Button
                size="sm"
                variant="secondary"
                icon="pen"
                disabled={!canOperate || busy || decoded.kind === 'binary'}
                onClick={onEdit}
              >
                Edit
              </Button>
            </WhyDisabled>
            <WhyDisabled reason={operateReason}>
              <Button size="sm" variant="secondary" icon="trash-alt" disabled={!canOperate || busy} onClick={onRemove}>
                Remove
              </Button>
            </WhyDisabled>
          </Stack>
        )}
      </div>
      {editor ? (
        <EntryEditor {...editor} />
      ) : decoded.kind === 'binary' ? (
        <div>
          <Text color="secondary" variant="bodySmall">
            Binary value, {formatSize(decoded.size)}; first {Math.min(decoded.size, 64)} bytes as hex:
          </Text>
          <pre className={styles.value}>{decoded.hexPreview || '(empty)'}</pre>
          <details>
            <summary>Base64</summary>
            <pre className={styles.value}>{decoded.base64}</pre>
          </details>
        </div>
      ) : (
        <pre className={styles.value}>{decoded.text === '' ? '(empty text)' : decoded.text}</pre>
      )}
    </section>
  );
}

interface EditorProps {
  editing: Editing;
  problem?: string;
  saving: boolean;
  onChange: (e: Editing) => void;
  onCancel: () => void;
  onSave: () => void;
}

function EntryEditor({ editing, problem, saving, onChange, onCancel, onSave }: EditorProps) {
  const styles = useStyles2(getStyles);
  return (
    <form
      className={styles.editor}
      aria-label={editing.isNew ? 'New state entry' : `Edit ${editing.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          onCancel();
        }
      }}
    >
      <Stack direction="column" gap={1}>
        {editing.isNew && (
          <Field label="Name" noMargin>
            <Input
              aria-label="Entry name"
              width={40}
              autoFocus
              value={editing.name}
              onChange={(e) => onChange({ ...editing, name: e.currentTarget.value })}
            />
          </Field>
        )}
        <div>
          <RadioButtonGroup
            size="sm"
            options={[
              { label: 'JSON', value: 'json' as const, description: 'Stored as JSON, as the SDKs do by default' },
              { label: 'Text', value: 'text' as const, description: 'Stored as UTF-8 text, as it is' },
            ]}
            value={editing.kind}
            onChange={(kind) => onChange({ ...editing, kind })}
          />
        </div>
        <Field
          label="Value"
          description={
            editing.kind === 'json'
              ? 'Checked as JSON before it is sent. Ctrl+Enter saves, Esc cancels.'
              : 'Ctrl+Enter saves, Esc cancels.'
          }
          invalid={problem !== undefined}
          error={problem}
          noMargin
        >
          <TextArea
            aria-label="Value"
            className={styles.mono}
            rows={Math.min(20, Math.max(4, editing.text.split('\n').length + 1))}
            autoFocus={!editing.isNew}
            value={editing.text}
            onChange={(e) => onChange({ ...editing, text: e.currentTarget.value })}
            onKeyDown={onCtrlEnter(onSave)}
          />
        </Field>
        <Stack gap={1}>
          <Button type="submit" icon={saving ? 'spinner' : 'save'} disabled={saving}>
            Save
          </Button>
          <Button type="button" variant="secondary" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
        </Stack>
      </Stack>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  table: css({
    width: '100%',
    maxWidth: 900,
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.75, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  keyState: css({ maxWidth: 1100 }),
  entries: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  entry: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5, 2),
    background: theme.colors.background.primary,
  }),
  entryHeader: css({
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    marginBottom: theme.spacing(1),
  }),
  entryName: css({ fontFamily: theme.typography.fontFamilyMonospace, fontWeight: theme.typography.fontWeightMedium }),
  value: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    background: theme.colors.background.secondary,
    padding: theme.spacing(1),
    margin: 0,
    maxHeight: 400,
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  }),
  editor: css({ width: '100%' }),
});
