import React from 'react';
import { fireEvent, screen } from '@testing-library/react';
import { render } from '../../test/render';
import { installFakeBackend } from '../../test/backendSrv';
import type { KafkaCluster } from '../../api/kafka';
import type { ServiceMetadata } from '../../api/services';
import { emptySubscription, SubscriptionForm, subscriptionErrors } from './SubscriptionForm';

const clusters = [{ name: 'my-cluster', properties: {}, created_at: '' }] as KafkaCluster[];
const services = [
  { name: 'greeter', ty: 'Service', handlers: [{ name: 'greet' }, { name: 'slow' }] },
] as unknown as ServiceMetadata[];

describe('subscriptionErrors', () => {
  it('checks the cluster and the handler against what Restate holds', () => {
    const ok = { ...emptySubscription, cluster: 'my-cluster', topic: 'orders', service: 'greeter', handler: 'greet' };
    expect(subscriptionErrors(ok, clusters, services)).toEqual({ options: [] });
    expect(subscriptionErrors({ ...ok, cluster: 'other' }, clusters, services).cluster).toBe(
      'Restate has no Kafka cluster “other”.'
    );
    expect(subscriptionErrors({ ...ok, service: 'nobody' }, clusters, services).service).toBe(
      'Restate has no service “nobody”.'
    );
    expect(subscriptionErrors({ ...ok, handler: 'nope' }, clusters, services).handler).toBe(
      'greeter has no handler “nope”.'
    );
    expect(subscriptionErrors({ ...ok, topic: 'a b' }, clusters, services).topic).toMatch(/1 to 249/);
    expect(subscriptionErrors({ ...emptySubscription }, [], []).cluster).toBe(
      'No Kafka cluster is configured in Restate.'
    );
  });
});

describe('SubscriptionForm', () => {
  // Combobox measures its longest option on a canvas; jsdom has none (the shared jest setup stubs getContext empty).
  const getContext = HTMLCanvasElement.prototype.getContext;
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = (() => ({
      font: '',
      measureText: (t: string) => ({ width: t.length * 7 }),
    })) as unknown as typeof getContext;
  });
  afterAll(() => {
    HTMLCanvasElement.prototype.getContext = getContext;
  });

  it('sends nothing while a field is missing or wrong, and keeps what was typed', () => {
    const { requests } = installFakeBackend(() => undefined);
    render(
      <SubscriptionForm
        clusterUid="ds1"
        clusters={clusters}
        services={services}
        onCreated={() => {}}
        onDismiss={() => {}}
      />
    );
    fireEvent.change(screen.getByLabelText(/^Topic/), { target: { value: 'or ders' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add option' }));
    fireEvent.change(screen.getByLabelText('Option 1 value'), { target: { value: 'earliest' } });
    fireEvent.submit(screen.getByRole('form', { name: 'New subscription' }));
    expect(screen.getByText(/1 to 249 characters/)).toBeInTheDocument();
    expect(screen.getByText('Choose the service whose handler receives the records.')).toBeInTheDocument();
    expect(screen.getByText(/Give this option a name/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create subscription' })).toBeDisabled();
    expect(screen.getByLabelText(/^Topic/)).toHaveValue('or ders');
    expect(requests).toHaveLength(0);
  });
});
