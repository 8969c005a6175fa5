import React from 'react';
import { Alert, Badge, Stack, Text } from '@grafana/ui';
import { diffServices, serviceTypeLabel, type HandlerMetadata, type ServiceMetadata } from '../../api/services';
import type { components } from '../../api/generated/admin';

type SchemaInfo = components['schemas']['SchemaInfo'];

/** A service's handlers by name, a line each; `indent` under a heading line of the service. */
export function HandlerList({ handlers, indent }: { handlers: HandlerMetadata[]; indent?: boolean }) {
  return (
    <ul style={indent ? { marginLeft: 24 } : undefined}>
      {[...handlers]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((h) => (
          <HandlerLine key={h.name} handler={h} />
        ))}
    </ul>
  );
}

/** One handler line: name, kind, and its input/output (JSON schema when the SDK declared one). */
export function HandlerLine({ handler }: { handler: HandlerMetadata }) {
  return (
    <li>
      <code>{handler.name}</code>
      {handler.ty ? ` (${handler.ty.toLowerCase()})` : ''}
      {handler.public === false ? ' · private' : ''}
      {' · in: '}
      {handler.input_description || 'none'}
      {' · out: '}
      {handler.output_description || 'none'}
      {(handler.input_json_schema !== undefined || handler.output_json_schema !== undefined) && (
        <details>
          <summary>JSON schemas</summary>
          {handler.input_json_schema !== undefined && (
            <>
              <Text variant="bodySmall">Input</Text>
              <pre>{JSON.stringify(handler.input_json_schema, null, 2)}</pre>
            </>
          )}
          {handler.output_json_schema !== undefined && (
            <>
              <Text variant="bodySmall">Output</Text>
              <pre>{JSON.stringify(handler.output_json_schema, null, 2)}</pre>
            </>
          )}
        </details>
      )}
    </li>
  );
}

/**
 * What a registration discovers (dry run or real) and how it differs from what is registered now:
 * new services, type changes, handlers added or removed, revision bumps.
 */
export function DiscoveryView({
  discovered,
  registered,
  info,
  dryRun,
}: {
  discovered: ServiceMetadata[];
  registered: ServiceMetadata[];
  info?: SchemaInfo[];
  dryRun: boolean;
}) {
  const changes = diffServices(discovered, registered);
  return (
    <Stack direction="column" gap={1}>
      {(info ?? []).map((i, k) => (
        <Alert key={k} severity="info" title={i.code ?? 'Note from Restate'}>
          {i.message}
        </Alert>
      ))}
      {changes.length === 0 && <Text color="secondary">The endpoint declares no services.</Text>}
      {changes.map((c) => (
        <section key={c.name} aria-label={`Service ${c.name}`}>
          <Stack gap={1} alignItems="center" wrap="wrap">
            <Text weight="medium">{c.name}</Text>
            <Text color="secondary">{serviceTypeLabel(c.type)}</Text>
            {c.isNew ? (
              <Badge color="green" text={dryRun ? 'new service' : 'new service registered'} />
            ) : c.currentRevision !== undefined && c.currentRevision !== c.revision ? (
              <Badge color="blue" text={`revision ${c.currentRevision} → ${c.revision}`} />
            ) : (
              <Badge color="purple" text={`revision ${c.revision} (unchanged)`} />
            )}
            {c.typeChangedFrom && (
              <Badge
                color="red"
                icon="exclamation-triangle"
                text={`type changes: ${serviceTypeLabel(c.typeChangedFrom)} → ${serviceTypeLabel(c.type)}`}
              />
            )}
            {c.addedHandlers.length > 0 && <Badge color="green" text={`new handlers: ${c.addedHandlers.join(', ')}`} />}
            {c.removedHandlers.length > 0 && (
              <Badge
                color="orange"
                icon="exclamation-triangle"
                text={`removed handlers: ${c.removedHandlers.join(', ')}`}
              />
            )}
          </Stack>
          <ul style={{ marginLeft: 24 }}>
            {c.handlers.map((h) => (
              <HandlerLine key={h.name} handler={h} />
            ))}
          </ul>
        </section>
      ))}
    </Stack>
  );
}
