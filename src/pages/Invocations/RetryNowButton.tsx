import React, { useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Button, Icon, Tooltip, useStyles2 } from '@grafana/ui';
import { resumeInvocation, type ActionResult } from '../../api/invocations';
import { useInvalidate } from '../../hooks/resources/keys';

/** "Retry now" for a backing-off invocation: resume without a deployment makes Restate retry at once. */
export function RetryNowButton({
  clusterUid,
  id,
  nextRetryAt,
  canOperate,
  operateReason,
}: {
  clusterUid: string;
  id: string;
  nextRetryAt?: number;
  canOperate: boolean;
  operateReason?: string;
}) {
  const styles = useStyles2(getStyles);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult | undefined>();
  const invalidate = useInvalidate(clusterUid);
  const retry = async () => {
    setBusy(true);
    setResult(undefined);
    const r = await resumeInvocation(clusterUid, id);
    setResult(r);
    setBusy(false);
    void invalidate('invocations', 'invocation');
  };
  const tip = canOperate
    ? `Skips the rest of the back-off: Restate starts the next attempt now${nextRetryAt ? ` instead of at ${dateTimeFormat(nextRetryAt)}` : ''}.`
    : (operateReason ?? '');
  return (
    <>
      <Tooltip content={tip}>
        <Button size="sm" variant="primary" icon="sync" disabled={!canOperate || busy} onClick={retry}>
          {busy ? 'Retrying…' : 'Retry now'}
        </Button>
      </Tooltip>
      {result && (
        <span role="status" className={result.ok ? styles.ok : styles.bad}>
          <Icon name={result.ok ? 'check' : 'exclamation-triangle'} /> {result.ok ? 'Retry started' : result.error}
        </span>
      )}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ok: css({ color: theme.colors.success.text, fontSize: theme.typography.bodySmall.fontSize, alignSelf: 'center' }),
  bad: css({ color: theme.colors.error.text, fontSize: theme.typography.bodySmall.fontSize, maxWidth: 420 }),
});
