-- Simulations saved with a matter as expectations (issue 13): the scenario, and the outcome it had when saved.
-- Every later check of the matter runs the scenario again and warns when the outcome changed.
create table matter_expectations (
  id          integer generated always as identity primary key,
  code        text not null,
  name        text not null,
  scenario    jsonb not null,
  expected    jsonb not null,
  created_by  uuid not null,
  created_at  timestamptz not null default now(),
  unique (code, name)
);
