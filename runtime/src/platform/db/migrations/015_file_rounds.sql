-- Which correction round each case file came with (0: the application; n: the n-th resubmission), so the case page
-- keeps every round's files and marks the earlier ones superseded (issue 15). Files linked before this migration
-- have no round recorded: the case page works theirs out from the case's events.
alter table files add column round int;
