import React from 'react';
import { fireEvent, screen } from '@testing-library/react';
import { render } from '../../test/render';
import { PayloadBlock } from './PayloadBlock';

const text = (n: number) => ({ kind: 'text' as const, text: 'x'.repeat(n), bytes: n });

describe('PayloadBlock', () => {
  let created: Blob[];
  beforeEach(() => {
    created = [];
    URL.createObjectURL = jest.fn((b: Blob) => (created.push(b), 'blob:payload'));
    URL.revokeObjectURL = jest.fn();
  });

  it('collapses a big payload, shows all on request, and downloads it whole', async () => {
    render(<PayloadBlock label="Result" payload={text(3000)} />);
    expect(screen.getByLabelText('Result payload').textContent).toHaveLength(601);
    fireEvent.click(screen.getByRole('button', { name: 'Show all (2.9 KB)' }));
    expect(screen.getByLabelText('Result payload').textContent).toHaveLength(3000);
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(created).toHaveLength(1);
    expect(created[0].size).toBe(3000);
  });

  it('offers a 1 MB payload only as a download, its preview as text', () => {
    render(
      <PayloadBlock label="Input" payload={{ kind: 'text', text: '<img src=x>'.repeat(100_000), bytes: 1_100_000 }} />
    );
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
    expect(screen.getByText(/Too big to show in full here \(1\.0 MB\)/)).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(created[0].size).toBe(1_100_000);
  });
});
