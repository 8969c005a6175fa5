import React from 'react';
import { Button, Stack, Text, type IconName } from '@grafana/ui';
import type { ServiceMetadata } from '../../api/services';
import { DiscoveryView } from '../../components/DiscoveryView/DiscoveryView';
import { WhyDisabled } from '../../components/WhyDisabled/WhyDisabled';
import { usePermissions } from '../../hooks/roles';

/** What a dry run of a register or update discovered, against what is registered now. */
export function DiscoveryPreview({
  title,
  result,
  registered,
  className,
}: {
  title: string;
  result: { services: ServiceMetadata[]; info?: React.ComponentProps<typeof DiscoveryView>['info'] };
  registered: ServiceMetadata[];
  className?: string;
}) {
  return (
    <section aria-label="Preview" className={className}>
      <Text element="h3" variant="h5">
        {title}
      </Text>
      <DiscoveryView discovered={result.services} registered={registered} info={result.info} dryRun />
    </section>
  );
}

/**
 * Preview, then the change itself (Register, Apply), allowed only once the preview shows the form as it is; the
 * form submits whichever is next. `busy` is 'preview' while previewing and anything else while submitting.
 */
export function PreviewFirstButtons({
  previewIsCurrent,
  busy,
  previewFirst,
  submit,
  onPreview,
  cancel,
}: {
  previewIsCurrent: boolean;
  busy: string | undefined;
  /** Why the change waits, before a current preview. */
  previewFirst: string;
  submit: { label: string; icon: IconName };
  onPreview: () => void;
  cancel: React.ReactNode;
}) {
  // Only Admins change deployments (Restate's admin API through the backend refuses others anyway).
  const { canDeploy, deployReason } = usePermissions();
  return (
    <Stack gap={1}>
      <WhyDisabled reason={deployReason}>
        <Button
          type={previewIsCurrent ? 'button' : 'submit'}
          variant={previewIsCurrent ? 'secondary' : 'primary'}
          icon={busy === 'preview' ? 'spinner' : 'eye'}
          disabled={!!busy || !canDeploy}
          onClick={previewIsCurrent ? onPreview : undefined}
        >
          Preview
        </Button>
      </WhyDisabled>
      <WhyDisabled reason={deployReason ?? (previewIsCurrent ? undefined : previewFirst)}>
        <Button
          type={previewIsCurrent ? 'submit' : 'button'}
          icon={busy && busy !== 'preview' ? 'spinner' : submit.icon}
          disabled={!!busy || !canDeploy || !previewIsCurrent}
        >
          {submit.label}
        </Button>
      </WhyDisabled>
      {cancel}
    </Stack>
  );
}
