import { Kysely } from 'kysely';
import type { Warehouse } from '../db.js';
import { DuckDbDialect } from '../kysely/dialect.js';
import type { ApiTokensTable } from './api-tokens.table.js';
import type { AuditLogTable } from './audit-log.table.js';
import type { CommentsTable } from './comments.table.js';
import type { DisputesTable } from './disputes.table.js';
import type { DunningLogDocumentsTable, DunningLogTable } from './dunning-log.table.js';
import type { CallTasksTable } from './call-tasks.table.js';
import type { DunningControlsTable } from './dunning-controls.table.js';
import type { NotificationsTable } from './notifications.table.js';
import type { PortfolioCustomersTable, PortfoliosTable } from './portfolios.table.js';
import type { PromisesTable } from './promises.table.js';
import type { UserScopesTable } from './user-scopes.table.js';
import type { UsersTable } from './users.table.js';
import type { SessionsTable } from './sessions.table.js';
import type { CustomerSettingsTable } from './customer-settings.table.js';
import type { PaymentDetailsTable } from './payment-details.table.js';
import type { DunningScenariosTable } from './dunning-scenarios.table.js';
import type { DunningRulesTable } from './dunning-rules.table.js';

/** The operational tables (migration 400_ops_tables.sql), schema-qualified so another store can keep the names. */
export interface OpsDatabase {
  'ops.users': UsersTable;
  'ops.portfolios': PortfoliosTable;
  'ops.portfolio_customers': PortfolioCustomersTable;
  'ops.user_scopes': UserScopesTable;
  'ops.api_tokens': ApiTokensTable;
  'ops.comments': CommentsTable;
  'ops.notifications': NotificationsTable;
  'ops.promises': PromisesTable;
  'ops.disputes': DisputesTable;
  'ops.dunning_log': DunningLogTable;
  'ops.audit_log': AuditLogTable;
  // migration 600 (API)
  'ops.sessions': SessionsTable;
  'ops.customer_settings': CustomerSettingsTable;
  'ops.payment_details': PaymentDetailsTable;
  // migration 701 (reminder scenarios and their assignment)
  'ops.dunning_scenarios': DunningScenariosTable;
  'ops.dunning_rules': DunningRulesTable;
  // migration 700 (reminders: execution)
  'ops.dunning_log_documents': DunningLogDocumentsTable;
  'ops.call_tasks': CallTasksTable;
  'ops.dunning_controls': DunningControlsTable;
}

export type OpsDb = Kysely<OpsDatabase>;

/**
 * kysely over the warehouse's DuckDB instance, for the operational tables only. Call `destroy()` on it
 * before closing the warehouse; it never closes the warehouse itself.
 */
export function createOpsDb(warehouse: Pick<Warehouse, 'instance'>): OpsDb {
  return new Kysely<OpsDatabase>({ dialect: new DuckDbDialect({ instance: warehouse.instance }) });
}
