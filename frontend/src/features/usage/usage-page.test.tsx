import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { server } from '@/test/server';
import { renderWithProviders } from '@/test/render';
import { currentMonth, formatTokens, totals, UsageView } from './usage-page';
import type { UsageRow } from './api';

const WS = '33333333-3333-4333-8333-333333333333';

const rows: UsageRow[] = [
  {
    userId: 'u1',
    displayName: 'Ada',
    model: 'gpt-4.1',
    tasks: 2,
    tokensIn: 120_000,
    tokensOut: 3_400,
    cacheReads: 5_000,
    cacheWrites: 0,
    costUsd: 0.2671,
  },
  {
    userId: 'u1',
    displayName: 'Ada',
    model: 'claude-sonnet-4-5',
    tasks: 1,
    tokensIn: 900,
    tokensOut: 50,
    cacheReads: 0,
    cacheWrites: 0,
    costUsd: 0.0034,
  },
  {
    userId: 'u2',
    displayName: 'Bob',
    model: 'gpt-4.1',
    tasks: 1,
    tokensIn: 2_000_000,
    tokensOut: 10,
    cacheReads: 0,
    cacheWrites: 0,
    costUsd: 4,
  },
];

function serve(
  role: string,
  budget: { monthlyLimitUsd: number | null; spentUsd: number; exhausted: boolean },
) {
  const puts: unknown[] = [];
  const months: string[] = [];
  server.use(
    http.get(`/api/v1/workspaces/${WS}`, () => HttpResponse.json({ id: WS, name: 'w', role })),
    http.get(`/api/v1/workspaces/${WS}/budget`, () =>
      HttpResponse.json({ ...budget, month: `${currentMonth()}-01` }),
    ),
    http.put(`/api/v1/workspaces/${WS}/budget`, async ({ request }) => {
      const body = (await request.json()) as { monthlyLimitUsd: number | null };
      puts.push(body);
      return HttpResponse.json({ ...budget, ...body, exhausted: false, month: `${currentMonth()}-01` });
    }),
    http.get(`/api/v1/workspaces/${WS}/usage`, ({ request }) => {
      months.push(new URL(request.url).searchParams.get('month') ?? '');
      return HttpResponse.json(rows);
    }),
  );
  return { puts, months };
}

describe('usage page', () => {
  it('sums usage per person and per model, tokens shortened past ten thousand, costs at a readable precision', () => {
    expect(totals(rows, 'user').map((t) => [t.label, t.tasks, t.tokensIn])).toEqual([
      ['Bob', 1, 2_000_000],
      ['Ada', 3, 120_900],
    ]);
    expect(totals(rows, 'model').map((t) => [t.label, +t.costUsd.toFixed(4)])).toEqual([
      ['gpt-4.1', 4.2671],
      ['claude-sonnet-4-5', 0.0034],
    ]);
    expect(formatTokens(9_999)).toBe('9,999');
    expect(formatTokens(120_900)).toBe('120.9k');
    expect(formatTokens(2_000_000)).toBe('2.0M');
  });

  it("shows the budget and the month's usage; an admin raises the budget", async () => {
    const { puts, months } = serve('admin', { monthlyLimitUsd: 4, spentUsd: 4.2705, exhausted: true });
    renderWithProviders(<UsageView ws={WS} />);
    expect(await screen.findByText(/\$4\.27 spent in .* of \$4\.00/)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('until you raise it');
    expect(screen.getByRole('meter', { name: 'Budget used: 100 %' })).toBeInTheDocument();
    const byPerson = await screen.findByRole('table', { name: 'By person' });
    const ada = within(byPerson).getByRole('row', { name: /Ada/ });
    expect(ada).toHaveTextContent('3');
    expect(ada).toHaveTextContent('120.9k');
    expect(ada).toHaveTextContent('$0.27');
    const byModel = screen.getByRole('table', { name: 'By model' });
    expect(within(byModel).getByRole('row', { name: /claude-sonnet-4-5/ })).toHaveTextContent('$0.0034');
    expect(months).toEqual([currentMonth()]);

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Change budget' }));
    const field = screen.getByLabelText('Limit per month (USD)');
    await user.clear(field);
    await user.type(field, 'ten');
    await user.click(screen.getByRole('button', { name: 'Save budget' }));
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(puts).toEqual([]);
    await user.clear(field);
    await user.type(field, '10');
    await user.click(screen.getByRole('button', { name: 'Save budget' }));
    await waitFor(() => expect(puts).toEqual([{ monthlyLimitUsd: 10 }]));
    expect(await screen.findByText(/of \$10\.00/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('a member sees the budget but cannot change it', async () => {
    serve('member', { monthlyLimitUsd: null, spentUsd: 0.004, exhausted: false });
    renderWithProviders(<UsageView ws={WS} />);
    expect(await screen.findByText(/\$0\.004 spent in .* · no limit/)).toBeInTheDocument();
    await screen.findByRole('table', { name: 'By model' });
    expect(screen.queryByRole('button', { name: /budget/i })).not.toBeInTheDocument();
  });
});
