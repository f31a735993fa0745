-- 窗口收件 (issue 15; seeds/003 §四: the window scans and enters for those who cannot apply online). An applicant the
-- window registers on the spot: who registered them, when, and that the clerk checked the ID card in person. Such an
-- account has no password until its holder claims it with an SMS code to the phone recorded here, as registration does.
alter table users add column window_registered_by uuid references users (id);
alter table users add column window_registered_at timestamptz;
alter table users add column id_checked_in_person boolean not null default false;
alter table users add column claimed_at timestamptz;
-- 信用良好 recorded at the window: by whom, when, on what basis (the flag itself is users.good_record).
alter table users add column good_record_by uuid references users (id);
alter table users add column good_record_at timestamptz;
alter table users add column good_record_basis text;
