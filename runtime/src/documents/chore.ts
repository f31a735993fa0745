import type { Services } from '../cases/index.ts';
import { issueDocuments, type IssueOptions } from './issue.ts';

/**
 * The worker's chore: seals the documents of the cases whose events the database queued (document_queue, filled
 * by a trigger on case_events in the events' own transaction). A case is taken off the queue first and put back
 * if sealing fails; a document not sealed here (a process stopped mid-way) is sealed when its PDF is first asked
 * for. Runs only with a configured public address, which the QR code needs.
 */
export function documentsChore(s: Services, options: IssueOptions, batch = 20) {
  return {
    name: 'documents',
    async run(): Promise<number> {
      const taken = await s.db.query<{ case_id: string }>(
        `delete from document_queue where case_id in (
           select case_id from document_queue order by queued_at limit $1 for update skip locked)
         returning case_id`,
        [batch]
      );
      for (const { case_id } of taken) {
        try {
          await issueDocuments(s, case_id, options);
        } catch (error) {
          await s.db.query('insert into document_queue (case_id) values ($1) on conflict (case_id) do nothing', [
            case_id
          ]);
          throw error;
        }
      }
      return taken.length;
    }
  };
}
