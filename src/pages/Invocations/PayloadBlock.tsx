import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Stack, Text, useStyles2 } from '@grafana/ui';
import type { Payload } from '../../api/invocations';
import { downloadText } from '../../utils/download';
import { formatBytes, payloadView, SHOW_ALL_MAX_BYTES } from './payloadView';

/**
 * One payload: JSON pretty-printed, big ones collapsed with "Show all" and a Download (above SHOW_ALL_MAX_BYTES only
 * the download: a page does not lay out megabytes of text), binary named as such.
 */
export function PayloadBlock({ label, payload }: { label: string; payload: Payload }) {
  const styles = useStyles2(getStyles);
  const view = payloadView(payload);
  const [all, setAll] = useState(false);
  return (
    <div className={styles.block}>
      <div className={styles.head}>
        <span className={styles.label}>{label}</span>
        <Text color="secondary" variant="bodySmall">
          {view.kind === 'json' ? 'JSON, ' : view.kind === 'text' ? 'text, ' : ''}
          {formatBytes(view.bytes)}
        </Text>
      </div>
      {view.kind === 'binary' || view.kind === 'empty' ? (
        <Text color="secondary" italic>
          {view.text}
        </Text>
      ) : (
        <>
          <pre className={styles.pre} aria-label={`${label} payload`}>
            {view.big && !all ? view.preview : view.text}
          </pre>
          {view.big && (
            <Stack gap={1} alignItems="center">
              {view.bytes <= SHOW_ALL_MAX_BYTES ? (
                <Button size="sm" variant="secondary" fill="text" onClick={() => setAll(!all)} aria-expanded={all}>
                  {all ? 'Show less' : `Show all (${formatBytes(view.bytes)})`}
                </Button>
              ) : (
                <Text color="secondary" variant="bodySmall">
                  Too big to show in full here ({formatBytes(view.bytes)}).
                </Text>
              )}
              <Button
                size="sm"
                variant="secondary"
                fill="text"
                icon="download-alt"
                onClick={() =>
                  downloadText(
                    `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.${view.kind === 'json' ? 'json' : 'txt'}`,
                    view.text,
                    view.kind === 'json' ? 'application/json' : 'text/plain'
                  )
                }
              >
                Download
              </Button>
            </Stack>
          )}
        </>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  block: css({ marginTop: theme.spacing(1) }),
  head: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'baseline' }),
  label: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  pre: css({
    margin: theme.spacing(0.5, 0, 0),
    maxHeight: 400,
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
