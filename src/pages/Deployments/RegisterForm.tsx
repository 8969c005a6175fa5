import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, ClipboardButton, Field, LinkButton, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';
import {
  registerDeployment,
  type RegisterDeploymentResponse,
  type RegisterInput,
} from '../../api/deployments';
import { listServices, type ServiceMetadata } from '../../api/services';
import type { ClusterSettings } from '../../hooks/cluster';
import { usePermissions } from '../../hooks/roles';
import { prefixRoute } from '../../utils/utils.routing';
import { ROUTES } from '../../constants';
import { DiscoveryView } from '../../components/DiscoveryView/DiscoveryView';
import { ExtraHeadersField, newHeaderRow } from './HeaderRowsEditor';
import { MetadataRowsEditor } from './MetadataRowsEditor';
import { metadataOf, newMetadataRow, validateMetadata, type MetadataRow } from './metadata';
import { EndpointFields } from './EndpointFields';
import { DiscoveryPreview, PreviewFirstButtons } from './PreviewFirst';
import { ErrorExplanation } from '../../components/ErrorExplanation/ErrorExplanation';
import { SwitchField } from '../../components/SwitchField/SwitchField';
import { trustPolicy } from '../../model/trustPolicy';
import { type DeploymentForm, hasErrors, headersOf, targetOf, validateDeploymentForm } from './validation';
import { DEPLOYMENT_RESOURCES, useInvalidate } from '../../hooks/resources/keys';

type Phase =
  | { kind: 'editing' }
  | { kind: 'busy'; action: 'preview' | 'register' }
  | { kind: 'previewed'; key: string; result: RegisterDeploymentResponse; registered: ServiceMetadata[] }
  | { kind: 'registered'; result: RegisterDeploymentResponse; registered: ServiceMetadata[] };

const KIND_OPTIONS = [
  { label: 'HTTP endpoint', value: 'http' as const, description: 'A service Restate reaches by URI' },
  { label: 'AWS Lambda', value: 'lambda' as const, description: 'A Lambda function Restate invokes by ARN' },
];

/**
 * Registers a deployment the safe way: validate, preview (dry run: what Restate would discover and
 * how it differs from what is registered), then register. What the user typed survives any error.
 */
export function RegisterForm({ cluster }: { cluster: ClusterSettings }) {
  const styles = useStyles2(getStyles);
  const { canDeploy, deployReason } = usePermissions();
  const [form, setForm] = useState<DeploymentForm>({
    kind: 'http',
    uri: '',
    useHttp11: false,
    arn: '',
    assumeRoleArn: '',
    headers: [newHeaderRow()],
  });
  const [metadata, setMetadata] = useState<MetadataRow[]>(() => [newMetadataRow()]);
  const [force, setForce] = useState(false);
  const [breaking, setBreaking] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [error, setError] = useState<{ error: unknown; action: 'preview' | 'register' }>();
  const invalidate = useInvalidate(cluster.uid);

  const errors = useMemo(() => validateDeploymentForm(form), [form]);
  const metadataErrors = useMemo(() => validateMetadata(metadata), [metadata]);
  const input: RegisterInput = {
    target: targetOf(form),
    headers: headersOf(form.headers),
    metadata: metadataOf(metadata),
    force,
    breaking,
  };
  // A preview is valid only for exactly the input it was made with.
  const inputKey = JSON.stringify(input);
  const previewIsCurrent = phase.kind === 'previewed' && phase.key === inputKey;
  const busy = phase.kind === 'busy';

  const patch = (p: Partial<DeploymentForm>) => setForm((f) => ({ ...f, ...p }));

  const run = async (action: 'preview' | 'register') => {
    setShowErrors(true);
    if (hasErrors(errors) || Object.keys(metadataErrors).length > 0 || !canDeploy) {
      return;
    }
    setError(undefined);
    const previous = phase;
    setPhase({ kind: 'busy', action });
    try {
      // What is registered now, to show what the new deployment changes.
      const [registered, result] = await Promise.all([
        action === 'preview' ? listServices(cluster.uid).catch(() => []) : Promise.resolve(undefined),
        registerDeployment(cluster.uid, input, { dryRun: action === 'preview' }),
      ]);
      if (action === 'preview') {
        setPhase({ kind: 'previewed', key: inputKey, result, registered: registered ?? [] });
      } else {
        void invalidate(...DEPLOYMENT_RESOURCES);
        setPhase({
          kind: 'registered',
          result,
          registered: previous.kind === 'previewed' ? previous.registered : [],
        });
      }
    } catch (e) {
      setError({ error: e, action });
      setPhase(previous.kind === 'busy' ? { kind: 'editing' } : previous);
    }
  };

  if (phase.kind === 'registered') {
    const id = phase.result.id;
    return (
      <Stack direction="column" gap={2}>
        <Alert severity="success" title={`Registered deployment ${id}`}>
          Restate discovered the services below and routes new invocations of them to this deployment.
        </Alert>
        <DiscoveryView
          discovered={phase.result.services}
          registered={phase.registered}
          info={phase.result.info}
          dryRun={false}
        />
        <Stack gap={1}>
          <LinkButton href={prefixRoute(`${ROUTES.Deployments}/${id}`, {}, cluster.uid)} icon="eye">
            Open deployment
          </LinkButton>
          <LinkButton variant="secondary" href={prefixRoute(ROUTES.Deployments, {}, cluster.uid)}>
            All deployments
          </LinkButton>
        </Stack>
      </Stack>
    );
  }

  const policy = trustPolicy(cluster.jsonData.awsPrincipal, cluster.jsonData.clusterName);

  return (
    <form
      className={styles.form}
      aria-label="Register deployment"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        run(previewIsCurrent ? 'register' : 'preview');
      }}
    >
      {!canDeploy && (
        <Alert severity="info" title="Read-only">
          {deployReason} Only Admins register deployments; you can still look at this form.
        </Alert>
      )}
      <Field label="Deployment type">
        <RadioButtonGroup
          options={KIND_OPTIONS}
          value={form.kind}
          disabled={busy}
          onChange={(kind) => patch({ kind })}
        />
      </Field>

      <EndpointFields
        form={form}
        errors={errors}
        showErrors={showErrors}
        disabled={busy}
        idPrefix="deployment"
        onChange={patch}
      />
      {form.kind === 'lambda' && (
          <div className={styles.policy}>
            <Stack justifyContent="space-between" alignItems="center">
              <Text weight="medium">Trust policy for that role</Text>
              <ClipboardButton icon="copy" variant="secondary" size="sm" getText={() => policy}>
                Copy policy
              </ClipboardButton>
            </Stack>
            <Text color="secondary" variant="bodySmall">
              Lets this cluster (and only it: the external id is the cluster name “
              {cluster.jsonData.clusterName || 'not set in the data source'}”) assume the role. Also give the role
              lambda:InvokeFunction on the function.
            </Text>
            <pre aria-label="IAM trust policy">{policy}</pre>
          </div>
      )}

      <ExtraHeadersField
        use="register"
        form={form}
        errors={errors}
        showErrors={showErrors}
        disabled={busy}
        onChange={patch}
      />

      <Field
        label="Metadata"
        description="Optional labels kept with the deployment, for example team, commit or environment. Shown to everyone who can see the deployment and searchable in the list (key=value); not for secrets."
      >
        <MetadataRowsEditor
          rows={metadata}
          errors={metadataErrors}
          showErrors={showErrors}
          disabled={busy}
          onChange={setMetadata}
        />
      </Field>

      <SwitchField
        label="Allow breaking changes"
        description="Lets the new revision change a service incompatibly (for example its type, or drop handlers). Invocations and state of the previous revision may stop working. Off: Restate refuses such changes."
        value={breaking}
        disabled={busy}
        onChange={setBreaking}
      />
      <SwitchField
        label="Replace an existing deployment at the same address (force)"
        description="If this URI or ARN is already registered, overwrite that deployment in place instead of failing. Invocations running on it may fail for good. Implies breaking changes."
        ariaLabel="Replace an existing deployment (force)"
        value={force}
        disabled={busy}
        onChange={setForce}
      />

      {error && <ErrorExplanation error={error.error} context={error.action} onRemove={() => setError(undefined)} />}

      {previewIsCurrent && phase.kind === 'previewed' && (
        <DiscoveryPreview
          title="Preview: what Restate would register"
          result={phase.result}
          registered={phase.registered}
          className={styles.preview}
        />
      )}
      {phase.kind === 'previewed' && !previewIsCurrent && (
        <Text color="secondary">The form changed since the preview; preview again before registering.</Text>
      )}

      <PreviewFirstButtons
        previewIsCurrent={previewIsCurrent}
        busy={phase.kind === 'busy' ? phase.action : undefined}
        previewFirst="Preview first: see what would be registered."
        submit={{ label: 'Register', icon: 'upload' }}
        onPreview={() => run('preview')}
        cancel={
          <LinkButton variant="secondary" fill="text" href={prefixRoute(ROUTES.Deployments, {}, cluster.uid)}>
            Cancel
          </LinkButton>
        }
      />
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ maxWidth: 880, display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  policy: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5),
    marginBottom: theme.spacing(2),
    pre: { marginTop: theme.spacing(1), marginBottom: 0 },
  }),
  preview: css({
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    marginBottom: theme.spacing(2),
  }),
});
