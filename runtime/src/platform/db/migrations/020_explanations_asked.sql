-- 要我说明的 (issue 16): whom an event's open request for an explanation asks — a person, or a post of the event's
-- department (or any post, neither named) — kept on the event when the request is made, so a member of staff's
-- list is an index lookup rather than a read of every request in the department.
alter table supervision_events add column asked_person uuid;
alter table supervision_events add column asked_role text;
create index supervision_events_asked on supervision_events (department, asked_person)
  where handling = 'explanationRequested';

update supervision_events e
   set asked_person = (r.detail->'to'->'person'->>'id')::uuid, asked_role = r.detail->'to'->>'role'
  from (select distinct on (event_id) event_id, detail from supervision_steps
         where kind = 'explanationRequested' order by event_id, seq desc) r
 where r.event_id = e.id and e.handling = 'explanationRequested';
