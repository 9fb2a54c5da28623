-- The kinds of receivables movements in marts.ar_movements (stored as ENUM: one byte instead of a string).
create type marts.ar_kind as enum (
  'invoice', 'credit_note', 'payment', 'invoice_paid', 'invoice_credited', 'payment_applied', 'credit_note_applied'
);
create type marts.ar_item_type as enum ('invoice', 'credit_note', 'payment');
