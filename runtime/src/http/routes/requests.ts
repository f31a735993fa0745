import type { Services } from '../../cases/index.ts';
import type { Api } from '../api.ts';
import { appointmentRoutes } from './appointments.ts';
import { complaintRoutes } from './complaints.ts';
import { consultationRoutes } from './consultations.ts';
import { evaluationRoutes } from './evaluations.ts';

/** Requests besides applications over HTTP, for applicants and staff: consultations, complaints, appointments, evaluations. */
export function requestRoutes(api: Api, s: Services): void {
  consultationRoutes(api, s);
  complaintRoutes(api, s);
  appointmentRoutes(api, s);
  evaluationRoutes(api, s);
}
