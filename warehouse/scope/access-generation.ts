/**
 * A counter of the changes to who sees what in this process: every writer of ops.user_scopes or
 * ops.portfolio_customers bumps it (warehouse/ops/access.queries.ts after each write, and the API routes again once
 * their transaction committed), and the access scopes kept by loadAccessScopeCached (access-scope.ts) are only used
 * under the counter they were resolved under. DuckDB lets one process write the warehouse, so this process sees every
 * change; the counter is process-wide, so a change in one warehouse only costs the others a reload.
 */
let generation = 0;

export function readAccessGeneration(): number {
  return generation;
}

/** Call after the write, and again after the commit of a transaction that wrote (a reader between the two may have
 * resolved the scope from the rows before the commit). */
export function bumpAccessGeneration(): void {
  generation += 1;
}
