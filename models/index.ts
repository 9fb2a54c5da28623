/** The models' public API: what the CLI, the nightly pipeline's score stage and the API call. */
export { selectBackend, type BackendChoice, type BackendName } from './backend.js';
export { trainModel, type TrainOptions } from './train.js';
export { evaluateModel, type EvaluationReport } from './evaluate.js';
export {
  listVersions,
  loadChampion,
  summariseVersion,
  type ModelVersion,
  type VersionSummary,
} from './registry.js';
export { computeRisk, setRiskOverride, type RiskReport } from './risk-report.js';
export type { CustomerRisk } from './risk.js';
export { computeForecast, type CashForecast, type ForecastSeries, type ForecastWeek } from './forecast.js';
export { evaluateForecast, type ForecastEvaluation } from './forecast-evaluate.js';
export { scoreOpenInvoices, type ScoreOptions, type ScoreReport } from './scoring.js';
export { PROFILES, PROFILE_RULES, type Profile } from './profiles.js';
export { RISK_CLASSES, type RiskClass } from './risk-classes.js';
