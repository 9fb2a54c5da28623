-- CONTRACT placeholder until the FEC staging model lands: same columns as staging.canonical_allocations.
create or replace view staging.fec_allocations as
select company_id, piece_ref as source_id, 'payment' as source_type, piece_ref as document_id, credit as amount,
       ecriture_date as date, 'fec' as source, load_id, source_file, source_line
from raw.fec_lines where false;
