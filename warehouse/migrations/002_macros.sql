-- Payment terms: 'N' = N days net; 'NFM' = end of the issue month + N days (French "N jours fin de mois").
create or replace macro main.terms_days(terms) as
  coalesce(try_cast(regexp_extract(upper(trim(terms)), '^(\d+)\s*(FM)?$', 1) as integer), 30);
create or replace macro main.terms_end_of_month(terms) as
  regexp_matches(upper(trim(coalesce(terms, ''))), '^\d+\s*FM$');
create or replace macro main.add_terms(d, terms) as
  case when main.terms_end_of_month(terms)
       then last_day(d) + main.terms_days(terms)
       else d + main.terms_days(terms) end;
create or replace macro main.valid_terms(terms) as
  regexp_matches(upper(trim(terms)), '^\d{1,3}\s*(FM)?$');
