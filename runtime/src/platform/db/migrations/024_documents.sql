-- Documents issued to applicants (issue 17; seeds/000 电子签章, seeds/001 第十九条, seeds/003 §六): every notice of a
-- case (receipt, correction, acceptance, refusal, special procedure, extension, overdue explanation, decision) and
-- the licence, as a sealed PDF with its own document number. A row is written once and never changed: the PDF's
-- bytes are the document as issued, and its SM2 signature (over the SM3 of the PDF's signed byte ranges) is
-- checked against them and the department's public key (seal_keys) on the public verification page.
--
-- The PDF is kept in the row (bytea) rather than in the blob store: it is the legal record, so it sits under the
-- same append-only rule as its row, goes into the same backup as the database, and is small (a subset font, one
-- page: some tens of kilobytes).
--
-- Document numbers run per issuing department and year without gaps: document_sequences holds the last number
-- given; the issuer reads it, seals the PDF under the next number, then in one transaction moves the counter from
-- exactly that number and inserts the document, so a rolled-back or raced issue leaves no hole (the loser seals
-- again under the next number). No lock is held while a PDF is drawn and signed.
create table document_sequences (
  department text not null,
  year       int not null,
  last       int not null,
  primary key (department, year)
);

create table documents (
  id               uuid primary key,
  -- e.g. 厦门市住房和城乡建设局〔2026〕12号: department, year and sequence, unique.
  number           text not null unique,
  department       text not null,
  year             int not null,
  sequence         int not null,
  case_id          uuid not null references cases (case_id),
  kind             text not null check (kind in ('receipt', 'correction', 'acceptance', 'refusal', 'specialProcedure',
                                                 'extension', 'overdue', 'decision', 'licence')),
  -- Which notice of the case: its kind and the instant it was issued (a case's list of notices may reorder,
  -- the pair does not). Two processes sealing the same notice race on this constraint.
  notice_at        timestamptz not null,
  title            text not null,
  -- What the document says, as it was sealed (title, lines, facts): for the workbench and the archive.
  content          jsonb not null,
  holder_id        uuid not null,
  holder_name      text not null,
  -- The holder's ID number or credit code with all but its last four characters masked, as the public page shows it.
  holder_masked_id text,
  issued_at        timestamptz not null,
  sealed_at        timestamptz not null,
  -- SM3 (hex) of the PDF's signed byte ranges; the SM2 signature (DER, hex) over it; the key that made it.
  digest           text not null check (digest ~ '^[0-9a-f]{64}$'),
  seal_key_id      text not null references seal_keys (key_id),
  signature        text not null check (signature ~ '^[0-9a-f]+$'),
  pdf              bytea not null,
  unique (case_id, kind, notice_at),
  unique (department, year, sequence)
);
create index documents_case on documents (case_id, issued_at);

create trigger documents_no_update before update or delete on documents
  for each row execute function refuse_change();

-- Cases whose events may have brought a notice not sealed yet: the worker's documents chore takes them from here.
-- Written by a statement trigger in the same transaction as the events, so no case is missed and no command's
-- code needs to know about documents.
create table document_queue (
  case_id   uuid primary key,
  queued_at timestamptz not null default now()
);

create function document_queue_add() returns trigger language plpgsql as $$
begin
  insert into document_queue (case_id) select distinct case_id from added on conflict (case_id) do nothing;
  return null;
end $$;
create trigger case_events_document_queue after insert on case_events
  referencing new table as added for each statement execute function document_queue_add();

do $$ begin
  if exists (select 1 from pg_roles where rolname = 'banshi_runtime') then
    revoke update, delete, truncate on documents from banshi_runtime;
  end if;
end $$;
