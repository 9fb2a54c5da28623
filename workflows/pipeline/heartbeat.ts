import { Context } from '@temporalio/activity';

/**
 * Runs `work` while heartbeating every `intervalMs`, so that Temporal notices a dead worker within the heartbeat
 * timeout instead of the (long) start-to-close timeout. Outside an activity it just runs `work`.
 */
export async function withHeartbeat<T>(work: () => Promise<T>, intervalMs = 5_000): Promise<T> {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return work();
  }
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), intervalMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
