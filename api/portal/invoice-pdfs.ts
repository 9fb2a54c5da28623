import { statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Invoice PDFs, when the accounting system exports them: `<invoicesDir>/<company_id>/<document_id>.pdf`, each id
 * URL-encoded as a file name (encodeURIComponent: `FA/2025/001` is `FA%2F2025%2F001.pdf`; plain ids are themselves).
 * encours only reads them: the portal offers the ones that exist, to the customer the invoice belongs to.
 */
export interface InvoicePdfs {
  /** The file of an invoice, or undefined when there is none (or the ids cannot name a file). */
  find(companyId: string, documentId: string): string | undefined;
}

export function createInvoicePdfs(dir: string): InvoicePdfs {
  return {
    find(companyId, documentId) {
      const company = fileName(companyId);
      const document = fileName(documentId);
      if (company === undefined || document === undefined) return undefined;
      const path = join(dir, company, `${document}.pdf`);
      try {
        return statSync(path).isFile() ? path : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** An id as one path segment: URL-encoded, never '.', '..' or empty. */
function fileName(id: string): string | undefined {
  const name = encodeURIComponent(id);
  return name === '' || name === '.' || name === '..' ? undefined : name;
}
