import type { Sql } from '../platform/db/db.ts';

export interface Pickup {
  orderNumber: string;
  address: string;
  contact: string;
  phone: string;
  sendTo: string;
  createdAt: string;
}

/**
 * An express submission's pickup order (寄件单): the courier collects the paper materials at the applicant's address
 * and takes them to the department's hall. The order number is derived from the case number, so it is unique and
 * the window can match the parcel to the case at a glance.
 */
export async function createPickup(
  sql: Sql,
  caseId: string,
  pickup: { address: string; contact: string; phone: string },
  sendTo: string,
  now: number
): Promise<void> {
  await sql.query(
    `insert into express_pickups (case_id, order_number, address, contact, phone, send_to, created_at)
     select case_id, 'JJ' || case_number, $2, $3, $4, $5, $6 from cases where case_id = $1
     on conflict (case_id) do nothing`,
    [caseId, pickup.address, pickup.contact, pickup.phone.replace(/\s/g, ''), sendTo, new Date(now).toISOString()]
  );
}

export async function pickupOf(sql: Sql, caseId: string): Promise<Pickup | undefined> {
  const [row] = await sql.query<{
    order_number: string;
    address: string;
    contact: string;
    phone: string;
    send_to: string;
    created_at: Date;
  }>('select order_number, address, contact, phone, send_to, created_at from express_pickups where case_id = $1', [
    caseId
  ]);
  return (
    row && {
      orderNumber: row.order_number,
      address: row.address,
      contact: row.contact,
      phone: row.phone,
      sendTo: row.send_to,
      createdAt: row.created_at.toISOString()
    }
  );
}
