-- CONTRACT placeholder until the FEC staging model lands: same columns as staging.canonical_payments.
create or replace view staging.fec_payments as
select company_id, piece_ref as payment_id, comp_aux_num as customer_id, ecriture_date as date, credit as amount,
       idevise as currency, null::varchar as method, extra as attributes,
       'fec' as source, load_id, source_file, source_line
from raw.fec_lines where false;
