import React from 'react';
import { fireEvent, screen, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { render } from '../../test/render';
import { toJournalEntry, toJournalEvent } from '../../api/invocations';
import { journalEventsTrip, journalTrip } from '../../api/__fixtures__/sql/journalTrip';
import { JournalTimeline } from './JournalTimeline';

const entries = journalTrip.rows.map(toJournalEntry);
const events = journalEventsTrip.rows.map(toJournalEvent);
const createdAt = Date.parse('2026-12-01T23:09:37.506Z');
const completedAt = Date.parse('2026-12-01T23:09:38.835Z');

function Location() {
  const l = useLocation();
  return <output data-testid="location">{l.search}</output>;
}

function renderTimeline(props: Partial<React.ComponentProps<typeof JournalTimeline>> = {}, url = '/') {
  return render(
    <JournalTimeline
      entries={entries}
      events={events}
      clusterUid="restate-dev"
      createdAt={createdAt}
      completedAt={completedAt}
      attempts={2}
      {...props}
    />,
    { url, around: <Location /> }
  );
}

describe('journal timeline', () => {
  it('shows each entry with what it waited for and how long, and the failed attempt', () => {
    renderTimeline();
    const list = screen.getByRole('list', { name: 'Journal entries' });
    const call = within(list).getByRole('button', { name: /#1 Call greeter\/greet 30 ms/ });
    expect(call).toHaveAttribute('aria-expanded', 'false');
    expect(within(list).getByRole('button', { name: /#4 Sleep 300 ms/ })).toBeInTheDocument();
    expect(within(list).getByRole('button', { name: /#8 Awakeable resolved 316 ms/ })).toBeInTheDocument();
    expect(within(list).getByRole('button', { name: /#9 Run “big” 3 ms/ })).toBeInTheDocument();
    expect(within(list).getByText('Attempt failed')).toBeInTheDocument();
    expect(within(list).getByText(/\[500\] trip failure #1 \(RT0007\)/)).toBeInTheDocument();
    expect(screen.getByText(/12 entries over 1\.3 s · 1 failed attempt shown · 2 attempts in all/)).toBeInTheDocument();
  });

  it('expands an entry from the keyboard, with its call target link and pretty-printed payloads', () => {
    renderTimeline();
    const call = screen.getByRole('button', { name: /#1 Call greeter\/greet/ });
    call.focus();
    expect(call).toHaveFocus();
    // A native button: Enter and Space click it.
    fireEvent.click(call);
    expect(call).toHaveAttribute('aria-expanded', 'true');
    const details = document.getElementById(call.getAttribute('aria-controls')!)!;
    expect(within(details).getByRole('link', { name: 'inv_1bIoKuaad7Sn040j93r7ACICEfLCONZX4R' })).toHaveAttribute(
      'href',
      '/a/restatedev-restate-app/invocations/inv_1bIoKuaad7Sn040j93r7ACICEfLCONZX4R?cluster=restate-dev'
    );
    expect(within(details).getByText('completed by #3', { exact: false })).toBeInTheDocument();
    expect(within(details).getByLabelText('input payload')).toHaveTextContent('"timeline"');

    const input = screen.getByRole('button', { name: /#0 Input/ });
    fireEvent.click(input);
    const inputDetails = document.getElementById(input.getAttribute('aria-controls')!)!;
    expect(within(inputDetails).getByLabelText('input payload').textContent).toBe(
      '{\n  "sleepMs": 300,\n  "awakeMs": 300,\n  "bigBytes": 3000,\n  "failures": 1\n}'
    );
    fireEvent.click(input);
    expect(input).toHaveAttribute('aria-expanded', 'false');
  });

  it('collapses a big payload until "Show all"', () => {
    renderTimeline();
    fireEvent.click(screen.getByRole('button', { name: /#10 Run completed/ }));
    const pre = screen.getByLabelText('result payload');
    expect(pre.textContent!.length).toBeLessThan(1000);
    fireEvent.click(screen.getByRole('button', { name: 'Show all (3.0 KB)' }));
    expect(pre.textContent).toContain('x'.repeat(3000));
    expect(screen.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
  });

  it('offers a restart from an entry only where the journal allows it', () => {
    const onRestartFrom = jest.fn();
    renderTimeline({ onRestartFrom, restartAllowed: (i) => i < 4 });
    fireEvent.click(screen.getByRole('button', { name: /#3 Call completed/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Restart as new from #3…' }));
    expect(onRestartFrom).toHaveBeenCalledWith(3);
    fireEvent.click(screen.getByRole('button', { name: /#4 Sleep/ }));
    expect(screen.queryByRole('button', { name: 'Restart as new from #4…' })).not.toBeInTheDocument();
  });

  it('keeps the expanded entries in the URL, so a link opens them', () => {
    renderTimeline({}, '/?cluster=c1&entries=4,x,9');
    expect(screen.getByRole('button', { name: /#4 Sleep/ })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('button', { name: /#9 Run/ })).toHaveAttribute('aria-expanded', 'true');
    fireEvent.click(screen.getByRole('button', { name: /#1 Call/ }));
    expect(screen.getByTestId('location').textContent).toBe('?cluster=c1&entries=1%2C4%2C9');
    fireEvent.click(screen.getByRole('button', { name: /#4 Sleep/ }));
    fireEvent.click(screen.getByRole('button', { name: /#9 Run/ }));
    fireEvent.click(screen.getByRole('button', { name: /#1 Call/ }));
    expect(screen.getByTestId('location').textContent).toBe('?cluster=c1');
  });

  it('says when there is no journal', () => {
    renderTimeline({ entries: [], events: [] });
    expect(screen.getByText(/No journal entries/)).toBeInTheDocument();
  });
});
