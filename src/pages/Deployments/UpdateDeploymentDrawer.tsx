import React, { useMemo, useState } from 'react';
import { Alert, Button, Drawer, Field, Input, Stack, Switch, Text } from '@grafana/ui';
import { endpointOf, updateDeployment, type DeploymentDetail, type UpdateInput } from '../../api/deployments';
import { usePermissions } from '../../hooks/roles';
import { HeaderRowsEditor, headerRowsFrom } from './HeaderRowsEditor';
import { DiscoveryView } from '../../components/DiscoveryView/DiscoveryView';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { WhyDisabled } from '../../components/WhyDisabled/WhyDisabled';
import {
  hasErrors,
  headersOf,
  validateHeaders,
  validateLambdaArn,
  validateRoleArn,
  validateUri,
  type HeaderRow,
} from './validation';
import { DEPLOYMENT_RESOURCES, useInvalidate } from '../../hooks/resources';

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
  const [uri, setUri] = useState(endpoint.kind === 'http' ? endpoint.uri : '');
  const [useHttp11, setUseHttp11] = useState(endpoint.kind === 'http' && endpoint.httpVersion === 'HTTP/1.1');
  const [arn, setArn] = useState(endpoint.kind === 'lambda' ? endpoint.arn : '');
  const [roleArn, setRoleArn] = useState(endpoint.kind === 'lambda' ? (endpoint.assumeRoleArn ?? '') : '');
  const [rows, setRows] = useState<HeaderRow[]>(() => headerRowsFrom(deployment.additional_headers));
  const [overwrite, setOverwrite] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState<'preview' | 'apply'>();
  const [error, setError] = useState<{ e: unknown; action: 'preview' | 'update' }>();
  const invalidate = useInvalidate(clusterUid);
  const [preview, setPreview] = useState<{ key: string; result: DeploymentDetail }>();

  const errors = useMemo(
    () => ({
      uri: endpoint.kind === 'http' ? validateUri(uri) : undefined,
      arn: endpoint.kind === 'lambda' ? validateLambdaArn(arn) : undefined,
      assumeRoleArn: endpoint.kind === 'lambda' ? validateRoleArn(roleArn) : undefined,
      headers: validateHeaders(rows),
    }),
    [endpoint.kind, uri, arn, roleArn, rows]
  );

  const input: UpdateInput = {
    target:
      endpoint.kind === 'http'
        ? { kind: 'http', uri: uri.trim(), useHttp11 }
        : { kind: 'lambda', arn: arn.trim(), assumeRoleArn: roleArn.trim() || undefined },
    headers: headersOf(rows),
    overwrite,
  };
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
        {endpoint.kind === 'http' ? (
          <>
            <Field
              label="Service URI"
              description="Restate, not your browser, must reach it."
              invalid={showErrors && !!errors.uri}
              error={showErrors ? errors.uri : undefined}
            >
              <Input id="update-uri" value={uri} spellCheck={false} onChange={(e) => setUri(e.currentTarget.value)} />
            </Field>
            <Field label="Use HTTP/1.1">
              <Switch
                aria-label="Use HTTP/1.1"
                value={useHttp11}
                onChange={(e) => setUseHttp11(e.currentTarget.checked)}
              />
            </Field>
          </>
        ) : (
          <>
            <Field
              label="Lambda function ARN"
              invalid={showErrors && !!errors.arn}
              error={showErrors ? errors.arn : undefined}
            >
              <Input id="update-arn" value={arn} spellCheck={false} onChange={(e) => setArn(e.currentTarget.value)} />
            </Field>
            <Field
              label="Assume-role ARN (optional)"
              invalid={showErrors && !!errors.assumeRoleArn}
              error={showErrors ? errors.assumeRoleArn : undefined}
            >
              <Input
                id="update-role-arn"
                value={roleArn}
                spellCheck={false}
                onChange={(e) => setRoleArn(e.currentTarget.value)}
              />
            </Field>
          </>
        )}
        <Field
          label="Extra headers"
          description="These replace all current extra headers. Change a value to rotate a key; remove a row to stop sending it."
        >
          <HeaderRowsEditor rows={rows} errors={errors.headers} showErrors={showErrors} onChange={setRows} />
        </Field>
        <Field
          label="Re-discover services (overwrite)"
          description="Also re-reads the services from the endpoint and overwrites their schemas, allowing breaking changes. Off: only the address and headers change."
        >
          <Switch
            aria-label="Re-discover services (overwrite)"
            value={overwrite}
            onChange={(e) => setOverwrite(e.currentTarget.checked)}
          />
        </Field>

        {error && <ErrorExplanation error={error.e} context={error.action} onRemove={() => setError(undefined)} />}
        {preview && previewIsCurrent && (
          <section aria-label="Preview">
            <Text element="h3" variant="h5">
              Preview: Restate reached the endpoint and would serve
            </Text>
            <DiscoveryView
              discovered={preview.result.services}
              registered={deployment.services}
              info={preview.result.info}
              dryRun
            />
          </section>
        )}
        <Stack gap={1}>
          <WhyDisabled reason={deployReason}>
            <Button
              type={previewIsCurrent ? 'button' : 'submit'}
              variant={previewIsCurrent ? 'secondary' : 'primary'}
              icon={busy === 'preview' ? 'spinner' : 'eye'}
              disabled={!!busy || !canDeploy}
              onClick={previewIsCurrent ? () => run('preview') : undefined}
            >
              Preview
            </Button>
          </WhyDisabled>
          <WhyDisabled reason={deployReason ?? (previewIsCurrent ? undefined : 'Preview first.')}>
            <Button
              type={previewIsCurrent ? 'submit' : 'button'}
              icon={busy === 'apply' ? 'spinner' : 'save'}
              disabled={!!busy || !canDeploy || !previewIsCurrent}
            >
              Apply
            </Button>
          </WhyDisabled>
          <Button type="button" variant="secondary" fill="text" onClick={onClose}>
            Cancel
          </Button>
        </Stack>
      </form>
    </Drawer>
  );
}
