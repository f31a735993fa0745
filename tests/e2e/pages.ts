/**
 * The hall's pages as a catalogue: where each one is, who must be signed in to see it, and the state it needs
 * (cases submitted through the API first). The e2e tests check the pages listed here (axe at 360 and 1280 px, no
 * sideways scrolling on a phone) and `npm run screenshots` photographs them.
 *
 * A new page: add one entry to `hallPages` (its `path` may use the fixtures, or add a fixture to `prepareFixtures`);
 * it is then checked and photographed with the others. A journey over it (filling a form, following links) goes in
 * a test file of its own beside public-pages.test.ts, using the harness.
 */
import { loadCatalog } from '../../runtime/src/testing/catalog.ts';
import type { Definition } from '@banshi/definition';
import { demo, submitCase, type Hall, type SubmittedCase } from '../support/browser-harness.ts';

const catalog = loadCatalog();
const byName = (name: string): Definition => catalog.byName(name);

/** The matters the pages are shown with: the largest guide, an organisation's, a person's and a short one. */
export const matters = {
  /** The largest guide: parallel approval, special procedures, eleven materials. */
  permit: byName('建筑工程施工许可证核发'),
  /** For organisations and persons alike. */
  hygiene: byName('公共场所卫生许可'),
  /** A person's matter with a form of its own. */
  soleTrader: byName('个体工商户设立登记'),
  /** A short guide: one material, for persons only. */
  insurance: byName('社会保险个人参保证明查询打印')
};

/** Every published matter of the shipped catalogue (the guide pages there are). */
export const allMatters: Definition[] = catalog.definitions;

/** State the pages are shown with, set up once per hall through the JSON API. */
export interface Fixtures {
  hall: Hall;
  /** A construction permit submitted by the demo organisation; the window asked for a correction (the page shows what to do next). */
  companyCase: SubmittedCase;
  /** A sole-trader registration submitted by the demo person (theirs in “my cases”). */
  personCase: SubmittedCase;
}

export async function prepareFixtures(hall: Hall): Promise<Fixtures> {
  const companyCase = await submitCase(hall, demo.organisation, matters.permit);
  const window = await hall.user(demo.window);
  const correction = await window.post(`/api/office/cases/${companyCase.id}/commands`, {
    type: 'requestCorrection',
    items: ['施工合同缺第 3 页']
  });
  if (correction.status !== 200)
    throw new Error(`requestCorrection: ${correction.status} ${JSON.stringify(correction.body)}`);
  const personCase = await submitCase(hall, demo.person, matters.soleTrader);
  return { hall, companyCase, personCase };
}

export interface HallPage {
  /** File-name stem (docs/screenshots/<name>-phone.png) and test label: ASCII, dashed. */
  name: string;
  /** The path to open, from the fixtures. */
  path(f: Fixtures): string;
  /** A demo login to sign in as first; public pages have none. */
  as?: string;
  /** The HTTP status the page answers with (200 unless told). */
  status?: number;
}

const track = (c: SubmittedCase) =>
  `/hall/track?number=${encodeURIComponent(c.caseNumber)}&holder=${encodeURIComponent(c.holder)}`;

/** The public pages: nobody signed in. */
export const publicPages: HallPage[] = [
  { name: 'home', path: () => '/hall' },
  { name: 'search', path: () => `/hall?q=${encodeURIComponent('许可')}&for=organisation` },
  { name: 'guide-permit', path: () => `/hall/matters/${matters.permit.code}` },
  { name: 'guide-hygiene', path: () => `/hall/matters/${matters.hygiene.code}` },
  { name: 'guide-insurance', path: () => `/hall/matters/${matters.insurance.code}` },
  { name: 'track', path: () => '/hall/track' },
  { name: 'track-errors', path: () => `/hall/track?number=123&holder=${encodeURIComponent('abc')}`, status: 400 },
  { name: 'track-found', path: f => track(f.companyCase) },
  { name: 'login', path: () => '/hall/login' },
  { name: 'register', path: () => '/hall/register' }
];

/** The pages of a signed-in applicant. */
export const signedInPages: HallPage[] = [
  { name: 'my-cases', as: demo.person, path: () => '/hall/my' },
  { name: 'case', as: demo.organisation, path: f => `/hall/cases/${f.companyCase.id}` },
  { name: 'receipt', as: demo.person, path: f => `/hall/cases/${f.personCase.id}/notices/0?receipt=1` },
  { name: 'apply', as: demo.person, path: () => `/hall/matters/${matters.soleTrader.code}/apply` },
  { name: 'inbox', as: demo.organisation, path: () => '/hall/inbox' },
  { name: 'consultations', as: demo.person, path: () => '/hall/consultations' },
  { name: 'complaints', as: demo.person, path: () => '/hall/complaints' },
  { name: 'appointments', as: demo.person, path: () => '/hall/appointments' },
  { name: 'restriction', as: demo.person, path: () => '/hall/restriction' },
  { name: 'account', as: demo.person, path: () => '/hall/account' }
];

export const hallPages: HallPage[] = [...publicPages, ...signedInPages];
