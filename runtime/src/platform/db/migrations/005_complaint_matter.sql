-- A complaint may be about a matter (from its guide's 我要投诉): kept as data, published with the outcome.
alter table complaints add column matter_code text;
