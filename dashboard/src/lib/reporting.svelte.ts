// The reporting currency of this server (group figures are converted into it), learnt from the API's answers:
// every unfiltered KPI report and every customer card states it.
let currency = $state('EUR');

export function getReportingCurrency(): string {
  return currency;
}

export function noteReportingCurrency(code: string | null | undefined): void {
  if (code && /^[A-Z]{3}$/.test(code)) currency = code;
}
