import type { Hono } from 'hono';
import type { Services } from '../../cases/index.ts';
import { licenceHistory, licencesOfHolder } from '../../licences/index.ts';
import type { AppEnv } from '../../web/env.ts';
import { applicantOrSignIn, view, viewerOf } from '../render.ts';
import { MyLicencesPage } from '../views/licences/MyLicencesPage.tsx';

/** 我的证照 (/hall/licences): the signed-in applicant's licences in the e-licence library, with their history. */
export function licenceRoutes(app: Hono<AppEnv>, s: Services): void {
  app.get('/hall/licences', async c => {
    const applicant = applicantOrSignIn(c);
    if (applicant instanceof Response) return applicant;
    const held = await licencesOfHolder(s.db, applicant.id, s.calendar().dateOf(s.now()));
    const licences = await Promise.all(
      held.map(async licence => ({ licence, history: await licenceHistory(s.db, licence.licenceId) }))
    );
    return view(c, MyLicencesPage, { viewer: viewerOf(c), licences });
  });
}
