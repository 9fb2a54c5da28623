-- CONTRACT placeholder until the FEC staging model lands: same columns as staging.canonical_documents.
create or replace view staging.fec_documents as
select company_id, piece_ref as document_id, comp_aux_num as customer_id, 'invoice' as type,
       piece_date as issue_date, null::date as due_date, debit as amount, idevise as currency,
       null::boolean as disputed, null::varchar as delivery, null::varchar as reference, extra as attributes,
       'fec' as source, load_id, source_file, source_line
from raw.fec_lines where false;
