-- Sessions also end after a spell of inactivity (security-audit §1.15): when each was last used, to the minute.
alter table sessions add column last_seen_at timestamptz;
update sessions set last_seen_at = created_at;
alter table sessions alter column last_seen_at set not null;
