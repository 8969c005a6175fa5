import React from 'react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { render } from '../../test/render';
import { installFakeBackend } from '../../test/backendSrv';
import type { Rule } from '../../api/flowControl';
import { RuleForm } from './RuleForm';

const rule: Rule = { pattern: 'tenant-a/*', concurrency: 5, description: 'cap', disabled: false, version: 7 };

function setField(label: RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('RuleForm', () => {
  it('sends nothing Restate would refuse, and says how to fix it', () => {
    const { requests } = installFakeBackend(() => undefined);
    render(<RuleForm clusterUid="ds1" existing={['*']} onSaved={() => {}} onDismiss={() => {}} />);
    setField(/^Pattern/, 'a/b/c/d');
    setField(/^Concurrency limit/, '0');
    fireEvent.submit(screen.getByRole('form', { name: 'New rule' }));
    expect(screen.getByText(/at most 3 parts/)).toBeInTheDocument();
    expect(screen.getByText(/at least 1/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create rule' })).toBeDisabled();
    setField(/^Pattern/, '*');
    expect(screen.getByText(/A rule for “\*” exists already/)).toBeInTheDocument();
    expect(requests).toHaveLength(0);
  });

  it('creates a rule that must not exist yet', async () => {
    const { requests } = installFakeBackend(() => ({ data: [{ ...rule, limits: { concurrency: 3 } }] }));
    const onSaved = jest.fn();
    render(<RuleForm clusterUid="ds1" existing={[]} onSaved={onSaved} onDismiss={() => {}} />);
    setField(/^Pattern/, 'tenant-b/');
    setField(/^Concurrency limit/, '3');
    fireEvent.click(screen.getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(requests[0]).toMatchObject({
      method: 'PUT',
      url: '/api/datasources/proxy/uid/ds1/admin/limits/rules',
      data: [{ pattern: 'tenant-b', limits: { concurrency: 3 }, precondition: { type: 'does_not_exist' } }],
    });
  });

  it('edits at the version opened; a concurrent change is refused, explained, and the input kept', async () => {
    let answer = 0;
    const { requests } = installFakeBackend(() =>
      answer++ === 0
        ? {
            status: 409,
            data: {
              message: 'rule precondition Matches(v7) for pattern tenant-a/* failed (actual version: Some(v9))',
              restate_code: null,
            },
          }
        : { data: [{ ...rule, version: 10 }] }
    );
    const onSaved = jest.fn();
    render(
      <RuleForm
        clusterUid="ds1"
        rule={rule}
        current={{ ...rule, concurrency: 8, version: 9 }}
        existing={[rule.pattern]}
        onSaved={onSaved}
        onDismiss={() => {}}
      />
    );
    expect(screen.getByLabelText(/^Pattern/)).toBeDisabled();
    setField(/^Concurrency limit/, '2');
    fireEvent.click(screen.getByRole('button', { name: 'Save rule' }));
    expect(await screen.findByText('Someone changed “tenant-a/*” since you opened it')).toBeInTheDocument();
    expect(
      screen.getByText(/You edited version 7; Restate now holds version 9 \(limit 8, enabled, “cap”\)/)
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/^Concurrency limit/)).toHaveValue('2');
    expect(onSaved).not.toHaveBeenCalled();
    expect(requests[0].data).toEqual([expect.objectContaining({ precondition: { type: 'matches', version: 7 } })]);

    fireEvent.click(screen.getByRole('button', { name: 'Apply my values over version 9' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save rule' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(requests[1].data).toEqual([
      expect.objectContaining({ limits: { concurrency: 2 }, precondition: { type: 'matches', version: 9 } }),
    ]);
  });
});
