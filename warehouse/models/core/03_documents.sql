-- Invoices and credit notes, one truth per (company, document). Amounts positive; `type` gives the sign.
-- Missing due dates come from the customer's terms, else the company's default terms.
-- core.documents_of(relations): the core rows of staged rows (names of staging-shaped relations, unioned by name),
-- so that an import can append the rows it loaded (pipelines/canonical/refresh-core.ts) the way a rebuild makes them.
create or replace macro core.documents_of(relations) as table
with final as (
  select d.company_id, d.document_id, d.customer_id, d.type, d.issue_date,
         coalesce(d.due_date,
                  main.add_terms(d.issue_date, coalesce(cu.payment_terms, co.default_terms, '30'))) as due_date,
         d.amount::decimal(18,2) as amount,
         upper(coalesce(d.currency, cu.currency, co.currency, main.reporting_currency())) as currency,
         coalesce(d.disputed, false) as disputed, d.delivery, d.reference, d.attributes,
         d.source, d.load_id, d.source_file, d.source_line
  from query_table(relations, true) d
  left join core.customers cu using (customer_id)
  left join core.companies co using (company_id)
)
select * from final;

create or replace table core.documents as
select * from core.documents_of(['staging.canonical_documents', 'staging.fec_documents']);
