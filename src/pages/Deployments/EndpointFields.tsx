import React from 'react';
import { Field, Input } from '@grafana/ui';
import { SwitchField } from '../../components/SwitchField/SwitchField';
import type { DeploymentForm, DeploymentFormErrors } from './validation';

type EndpointValues = Pick<DeploymentForm, 'kind' | 'uri' | 'useHttp11' | 'arn' | 'assumeRoleArn'>;

/**
 * Where Restate reaches a deployment, as registering and updating one edit it: the URI (and HTTP/1.1) of an HTTP
 * endpoint, or a Lambda function's ARN and the role Restate assumes. `idPrefix` keeps each form's input ids its own.
 */
export function EndpointFields({
  form,
  errors,
  showErrors,
  disabled,
  idPrefix,
  onChange,
}: {
  form: EndpointValues;
  errors: DeploymentFormErrors;
  showErrors: boolean;
  disabled?: boolean;
  idPrefix: string;
  onChange: (patch: Partial<EndpointValues>) => void;
}) {
  const shown = (e: string | undefined) => ({ invalid: showErrors && !!e, error: showErrors ? e : undefined });
  if (form.kind === 'http') {
    return (
      <>
        <Field
          label="Service URI"
          description="Restate, not your browser, calls this address: it must be reachable from the Restate server (“localhost” there means the Restate server itself)."
          {...shown(errors.uri)}
          required
        >
          <Input
            id={`${idPrefix}-uri`}
            placeholder="http://my-service:9080"
            value={form.uri}
            disabled={disabled}
            spellCheck={false}
            onChange={(e) => onChange({ uri: e.currentTarget.value })}
          />
        </Field>
        <SwitchField
          label="Use HTTP/1.1"
          description="For endpoints that do not speak HTTP/2 (many serverless platforms and proxies). Invocations then run request/response instead of streaming."
          value={form.useHttp11}
          disabled={disabled}
          onChange={(useHttp11) => onChange({ useHttp11 })}
        />
      </>
    );
  }
  return (
    <>
      <Field
        label="Lambda function ARN"
        description="With a version or alias: arn:aws:lambda:<region>:<account>:function:<name>:<version|alias>. Use :$LATEST for the unpublished version."
        {...shown(errors.arn)}
        required
      >
        <Input
          id={`${idPrefix}-arn`}
          placeholder="arn:aws:lambda:eu-central-1:123456789012:function:my-service:1"
          value={form.arn}
          disabled={disabled}
          spellCheck={false}
          onChange={(e) => onChange({ arn: e.currentTarget.value })}
        />
      </Field>
      <Field
        label="Assume-role ARN (optional)"
        description="A role in your AWS account that Restate assumes to invoke the function (role chaining)."
        {...shown(errors.assumeRoleArn)}
      >
        <Input
          id={`${idPrefix}-role-arn`}
          placeholder="arn:aws:iam::123456789012:role/restate-invoker"
          value={form.assumeRoleArn}
          disabled={disabled}
          spellCheck={false}
          onChange={(e) => onChange({ assumeRoleArn: e.currentTarget.value })}
        />
      </Field>
    </>
  );
}
