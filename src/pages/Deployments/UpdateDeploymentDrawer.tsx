import React, { useMemo, useState } from 'react';
import { Alert, Button, Drawer } from '@grafana/ui';
import { endpointOf, updateDeployment, type DeploymentDetail, type UpdateInput } from '../../api/deployments';
import { usePermissions } from '../../hooks/roles';
import { ExtraHeadersField, headerRowsFrom } from './HeaderRowsEditor';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { SwitchField } from '../../components/SwitchField/SwitchField';
import { type DeploymentForm, hasErrors, headersOf, targetOf, validateDeploymentForm } from './validation';
import { EndpointFields } from './EndpointFields';
import { DiscoveryPreview, PreviewFirstButtons } from './PreviewFirst';
import { DEPLOYMENT_RESOURCES, useInvalidate } from '../../hooks/resources/keys';

interface Props {
  clusterUid: string;
  deployment: DeploymentDetail;
  onClose: () => void;
  onUpdated: (d: DeploymentDetail) => void;
}

/**
 * Changes a deployment in place (same id): rotate its extra headers, or move it to a new URI/ARN.
 * Restate replaces the whole header set, so the drawer edits all of them, prefilled and masked.
 */
export function UpdateDeploymentDrawer({ clusterUid, deployment, onClose, onUpdated }: Props) {
  const { canDeploy, deployReason } = usePermissions();
  const endpoint = endpointOf(deployment);
  const [form, setForm] = useState<DeploymentForm>(() => ({
    kind: endpoint.kind,
    uri: endpoint.kind === 'http' ? endpoint.uri : '',
    useHttp11: endpoint.kind === 'http' && endpoint.httpVersion === 'HTTP/1.1',
    arn: endpoint.kind === 'lambda' ? endpoint.arn : '',
    assumeRoleArn: endpoint.kind === 'lambda' ? (endpoint.assumeRoleArn ?? '') : '',
    headers: headerRowsFrom(deployment.additional_headers),
  }));
  const patch = (p: Partial<DeploymentForm>) => setForm((f) => ({ ...f, ...p }));
  const [overwrite, setOverwrite] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState<'preview' | 'apply'>();
  const [error, setError] = useState<{ e: unknown; action: 'preview' | 'update' }>();
  const invalidate = useInvalidate(clusterUid);
  const [preview, setPreview] = useState<{ key: string; result: DeploymentDetail }>();

  const errors = useMemo(() => validateDeploymentForm(form), [form]);

  const input: UpdateInput = { target: targetOf(form), headers: headersOf(form.headers), overwrite };
  const key = JSON.stringify(input);
  const previewIsCurrent = preview?.key === key;

  const run = async (action: 'preview' | 'apply') => {
    setShowErrors(true);
    if (hasErrors(errors) || !canDeploy) {
      return;
    }
    setBusy(action);
    setError(undefined);
    try {
      const result = await updateDeployment(clusterUid, deployment.id, input, { dryRun: action === 'preview' });
      if (action === 'preview') {
        setPreview({ key, result });
      } else {
        void invalidate(...DEPLOYMENT_RESOURCES);
        onUpdated(result);
      }
    } catch (e) {
      setError({ e, action: action === 'preview' ? 'preview' : 'update' });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Drawer
      title={`Update deployment ${deployment.id}`}
      subtitle="Same deployment id; Restate re-checks the endpoint."
      onClose={onClose}
      size="md"
    >
      <form
        noValidate
        aria-label="Update deployment"
        onSubmit={(e) => {
          e.preventDefault();
          run(previewIsCurrent ? 'apply' : 'preview');
        }}
      >
        {!canDeploy && (
          <Alert severity="info" title="Read-only">
            {deployReason}
          </Alert>
        )}
        <EndpointFields form={form} errors={errors} showErrors={showErrors} idPrefix="update" onChange={patch} />
        <ExtraHeadersField use="update" form={form} errors={errors} showErrors={showErrors} onChange={patch} />
        <SwitchField
          label="Re-discover services (overwrite)"
          description="Also re-reads the services from the endpoint and overwrites their schemas, allowing breaking changes. Off: only the address and headers change."
          value={overwrite}
          onChange={setOverwrite}
        />

        {error && <ErrorExplanation error={error.e} context={error.action} onRemove={() => setError(undefined)} />}
        {preview && previewIsCurrent && (
          <DiscoveryPreview
            title="Preview: Restate reached the endpoint and would serve"
            result={preview.result}
            registered={deployment.services}
          />
        )}
        <PreviewFirstButtons
          previewIsCurrent={previewIsCurrent}
          busy={busy}
          previewFirst="Preview first."
          submit={{ label: 'Apply', icon: 'save' }}
          onPreview={() => run('preview')}
          cancel={
            <Button type="button" variant="secondary" fill="text" onClick={onClose}>
              Cancel
            </Button>
          }
        />
      </form>
    </Drawer>
  );
}
