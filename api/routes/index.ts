import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../lib/config.js';
import type { Log } from '../../lib/log.js';
import type { Warehouse } from '../../warehouse/db.js';
import { registerAccessControl } from '../auth/hooks.js';
import { createInvoicePdfs } from '../portal/invoice-pdfs.js';
import { registerPortalRoutes } from '../portal/routes.js';
import { registerAlertRoutes } from './alerts.js';
import { registerAuditRoutes } from './audit.js';
import { registerAuthRoutes } from './auth.js';
import { registerCommentRoutes } from './comments.js';
import { registerCreditRoutes } from './credit.js';
import { registerCustomerRoutes } from './customers.js';
import { registerDisputeRoutes } from './disputes.js';
import { registerDunningRoutes } from './dunning.js';
import { registerDunningScenarioRoutes } from './dunning-scenarios.js';
import { collectRoutes, registerDocsRoute } from './docs.js';
import { registerModelRoutes } from './models.js';
import { registerNotificationRoutes } from './notifications.js';
import { registerPaymentDetailRoutes } from './payment-details.js';
import { registerPortfolioRoutes } from './portfolios.js';
import { registerPromiseRoutes } from './promises.js';
import { registerRiskAdminRoutes } from './risk-admin.js';
import { registerSettingsRoutes } from './settings.js';
import { registerSqlRoutes } from './sql.js';
import { registerUserRoutes } from './users.js';
import { registerWorklistRoutes } from './worklist.js';
import { createApiServices, type ApiAccessOptions, type ApiServices } from './support/services.js';

/** The configuration the API reads: the home and reporting currency, the rest with its defaults when absent. */
export type ApiConfig = Pick<Config, 'home' | 'reportingCurrency'> &
  Partial<
    Pick<
      Config,
      | 'snapshotsDir'
      | 'outboxDir'
      | 'smtpUrl'
      | 'modelsDir'
      | 'mailFrom'
      | 'publicUrl'
      | 'latePenaltyRate'
      | 'sourcesFile'
      | 'nightlyAt'
      | 'nightlyTimezone'
      | 'invoicesDir'
    >
  >;

export interface ApiAccess {
  services: ApiServices;
  /** For routes written against a plain Warehouse: every call reads the current request's scoped view. */
  requestDb: Warehouse;
  /** Registers the routes of api/routes and api/portal, and /api/docs. */
  registerRoutes(): Promise<void>;
}

/**
 * Access control (authentication, roles, CSRF, scopes) and the OpenAPI route collector. Call before registering any
 * route: both wrap every route registered after them, including the health and KPI routes.
 */
export function registerApiAccess(
  app: FastifyInstance,
  deps: {
    db: Warehouse;
    config: ApiConfig;
    log: Log;
    version: string;
    access?: ApiAccessOptions;
  },
): ApiAccess {
  const services = createApiServices(deps);
  app.addHook('onClose', () => services.close());
  const { requestDb } = registerAccessControl(app, services);
  const records = collectRoutes(app);
  return {
    services,
    requestDb,
    async registerRoutes() {
      await registerAuthRoutes(app, services);
      await registerCustomerRoutes(app, services);
      await registerCommentRoutes(app, services);
      await registerPromiseRoutes(app, services);
      await registerDisputeRoutes(app, services);
      await registerCreditRoutes(app, services);
      await registerNotificationRoutes(app, services);
      await registerWorklistRoutes(app, services);
      await registerModelRoutes(app, services);
      await registerRiskAdminRoutes(app, services);
      await registerAlertRoutes(app, services);
      await registerUserRoutes(app, services);
      await registerPortfolioRoutes(app, services);
      await registerAuditRoutes(app, services);
      await registerPaymentDetailRoutes(app, services);
      await registerDunningScenarioRoutes(app, services);
      // sourcesFile, nightlyAt, nightlyTimezone: the sources and schedule tab (defaults those of lib/config.ts)
      await registerSettingsRoutes(app, services, deps.config);
      // mailFrom, publicUrl: the sender and portal link of the preview (`encours serve` passes the whole config)
      await registerDunningRoutes(app, services, deps.config);
      await registerSqlRoutes(app, services);
      // invoicesDir: the invoice PDFs the portal offers (default $ENCOURS_HOME/invoices)
      await registerPortalRoutes(
        app,
        services,
        createInvoicePdfs(deps.config.invoicesDir ?? join(deps.config.home, 'invoices')),
      );
      await registerDocsRoute(app, records, deps.version);
    },
  };
}
