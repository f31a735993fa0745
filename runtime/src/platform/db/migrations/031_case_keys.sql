-- Every table whose rows each belong to one case carries the case id in its primary key (issue 18, scale past one
-- machine): such tables can then be distributed by case id (Citus), each case's rows on one node, and a key
-- lookup or a write stays on that node. docs/scaling.md lists these tables and the reference tables beside them;
-- tests/scale/case-keys.int.test.ts holds the rule for every table, including those added later.

-- The inbox's rows had no key at all: a generated one, beside the case.
alter table case_waits add column wait_id uuid not null default gen_random_uuid();
alter table case_waits add primary key (case_id, wait_id);

-- Documents are found by their id (the verification page) through an index that no longer has to be unique.
alter table documents drop constraint documents_pkey;
alter table documents add primary key (case_id, id);
create index documents_by_id on documents (id);

alter table evaluations drop constraint evaluations_pkey;
alter table evaluations add primary key (case_id, id);

alter table licence_uses drop constraint licence_uses_pkey;
alter table licence_uses add primary key (case_id, id);
