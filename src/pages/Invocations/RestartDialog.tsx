import React, { useMemo, useState } from 'react';
import { Alert, Combobox, Field, LinkButton, Modal, RadioButtonGroup, Stack, Text, TextLink } from '@grafana/ui';
import { restartAsNew, restartPoints, type DeploymentChoice, type JournalEntry } from '../../api/invocations';
import { ChoiceDialogButtons, ChoiceOutcome, useChoiceRun } from './ChoiceDialog';
import { DeploymentPicker } from './DeploymentPicker';
import { entryTitle } from './JournalTimeline';

export interface RestartTarget {
  id: string;
  service: string;
  pinnedDeployment?: string;
}

/**
 * Restart as new: from the beginning (the input only), or keeping the journal up to a chosen entry (only entries
 * whose prefix completed; the others say why not) on the latest, the pinned or a chosen deployment. After success
 * it links to the new invocation.
 */
export function RestartDialog({
  clusterUid,
  target,
  journal,
  initialFrom,
  detailHref,
  onClose,
}: {
  clusterUid: string;
  target: RestartTarget;
  journal: JournalEntry[];
  initialFrom?: number;
  detailHref: (id: string) => string;
  onClose: () => void;
}) {
  const points = useMemo(() => restartPoints(journal), [journal]);
  const [mode, setMode] = useState<'start' | 'entry'>(initialFrom ? 'entry' : 'start');
  const [from, setFrom] = useState<number | undefined>(initialFrom || undefined);
  const [deployment, setDeployment] = useState<DeploymentChoice>({ kind: 'latest' });

  const allowed = new Set(points.filter((p) => p.allowed).map((p) => p.index));
  const entryOptions = journal
    .filter((e) => e.index > 0 && allowed.has(e.index))
    .map((e) => ({ value: String(e.index), label: `#${e.index} ${entryTitle(e)}` }));
  const refused = points.filter((p) => !p.allowed);
  const fromEntry = mode === 'entry' ? from : undefined;
  const deploymentIncomplete = deployment.kind === 'id' && !deployment.id;
  const ready = (mode === 'start' || from !== undefined) && !deploymentIncomplete;
  const choice = useChoiceRun(clusterUid, () =>
    restartAsNew(clusterUid, target.id, { from: fromEntry, deployment: fromEntry ? deployment : undefined })
  );
  const { phase, result } = choice;

  return (
    <Modal title="Restart as new" isOpen onDismiss={onClose}>
      <Stack direction="column" gap={2}>
        <Text>Starts a new invocation with the same input and a new id; {target.id} stays as it is.</Text>
        {journal.length === 0 && (
          <Alert severity="warning" title="No journal retained">
            Restate needs the journal to read the input again; without it the restart is refused. Enable journal
            retention on the service to restart its invocations later.
          </Alert>
        )}
        <Field label="Restart from">
          <RadioButtonGroup
            options={[
              { label: 'The beginning', value: 'start', description: 'Only the input is kept; everything runs again' },
              {
                label: 'A journal entry',
                value: 'entry',
                description: 'Keeps what happened up to that entry; the handler continues after it',
                disabled: entryOptions.length === 0,
              },
            ]}
            value={mode}
            onChange={(m) => setMode(m === 'entry' ? 'entry' : 'start')}
            disabled={phase !== 'choose'}
          />
        </Field>
        {mode === 'entry' && (
          <>
            <Field label="Keep the journal up to (included)" htmlFor="restart-from-entry">
              <Combobox
                id="restart-from-entry"
                options={entryOptions}
                value={from !== undefined ? String(from) : null}
                onChange={(o) => setFrom(o ? Number(o.value) : undefined)}
                placeholder="Choose an entry"
                disabled={phase !== 'choose'}
                width={60}
              />
            </Field>
            {refused.length > 0 && (
              <Text color="secondary" variant="bodySmall">
                {refused.length === 1
                  ? `#${refused[0].index} cannot`
                  : `#${refused[0].index}–#${refused.at(-1)!.index} cannot`}{' '}
                be chosen: {refused[0].reason}, so Restate could not replay the journal up to there.
              </Text>
            )}
            <DeploymentPicker
              clusterUid={clusterUid}
              service={target.service}
              pinned={target.pinnedDeployment}
              value={deployment}
              onChange={setDeployment}
              description="Which deployment runs the handler from that entry on."
            />
          </>
        )}
        <ChoiceOutcome result={result} successTitle="Restarted as new" refusedTitle="Restate refused the restart">
          <Stack direction="column" gap={1} alignItems="flex-start">
            <span>
              New invocation:{' '}
              {result?.newInvocationId ? (
                <TextLink href={detailHref(result.newInvocationId)} inline>
                  {result.newInvocationId}
                </TextLink>
              ) : (
                'Restate did not say its id'
              )}
            </span>
            {result?.newInvocationId && (
              <LinkButton size="sm" icon="arrow-right" href={detailHref(result.newInvocationId)} onClick={onClose}>
                Open the new invocation
              </LinkButton>
            )}
          </Stack>
        </ChoiceOutcome>
      </Stack>
      <ChoiceDialogButtons
        choice={choice}
        ready={ready}
        runLabel={fromEntry ? `Restart from #${fromEntry}` : 'Restart from the beginning'}
        runningLabel="Restarting…"
        onClose={onClose}
      />
    </Modal>
  );
}
