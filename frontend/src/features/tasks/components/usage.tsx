import type { TaskView as Task } from '@/lib/api/generated/openapi';
import { formatCost, formatNumber } from '@/lib/format';

/** Needs only the usage figures, so the public shared view can use it too. */
export function Usage({
  task,
}: {
  task: Pick<Task, 'tokensIn' | 'tokensOut' | 'cacheReads' | 'cacheWrites' | 'cost'>;
}) {
  return (
    <dl className="usage" aria-label="Token usage and cost">
      <div>
        <dt>Tokens in</dt>
        <dd>{formatNumber(task.tokensIn)}</dd>
      </div>
      <div>
        <dt>Tokens out</dt>
        <dd>{formatNumber(task.tokensOut)}</dd>
      </div>
      {(task.cacheReads > 0 || task.cacheWrites > 0) && (
        <div>
          <dt>Cache r/w</dt>
          <dd>
            {formatNumber(task.cacheReads)} / {formatNumber(task.cacheWrites)}
          </dd>
        </div>
      )}
      <div>
        <dt>Cost</dt>
        <dd>{formatCost(task.cost)}</dd>
      </div>
    </dl>
  );
}
