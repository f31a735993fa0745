/** Who is signed in to the studio, and which of its sections their duties open. */
import { api, must, setCsrfToken, ApiProblem } from './api/client';

export interface StaffPrincipal {
  kind: string;
  id: string;
  login: string;
  name: string;
  department?: string | null;
  roles?: string[];
  duties?: string[];
}

export interface Section {
  id: 'matters' | 'publishing' | 'cases' | 'supervision' | 'admin';
  label: string;
  path: string;
  /** Shown on the section's page while it is being built. */
  coming?: string;
}

const authoring = ['author', 'head', 'reformOffice', 'admin'];

/** The studio's sections, each for the duties that need it; 办件 for anyone holding a post in a department. */
export function sectionsFor(p: StaffPrincipal): Section[] {
  const duties = p.duties ?? [];
  const has = (...d: string[]) => d.some(x => duties.includes(x));
  const sections: Section[] = [];
  if (has(...authoring)) sections.push({ id: 'matters', label: '事项', path: '/matters' });
  if (has(...authoring)) sections.push({ id: 'publishing', label: '发布与备案', path: '/publishing' });
  if ((p.roles ?? []).length > 0) sections.push({ id: 'cases', label: '办件', path: '/cases' });
  // 监察 for supervisors and the bureau, and for anyone holding a post: any post may be asked to explain an event.
  if (has('supervisor', 'bureau') || (p.department && (p.roles ?? []).length > 0))
    sections.push({ id: 'supervision', label: '监察', path: '/supervision' });
  // The reform office administers departments, accounts, calendars and the catalogue's files; an administrator too.
  if (has('admin', 'reformOffice')) sections.push({ id: 'admin', label: '管理', path: '/admin' });
  return sections;
}

export const session = $state<{ me: StaffPrincipal | null; loaded: boolean; problem: string | null }>({
  me: null,
  loaded: false,
  problem: null
});

/** Reads who is signed in; null when nobody is (or an applicant is: the studio is for staff). */
export async function loadSession(): Promise<StaffPrincipal | null> {
  try {
    const me = await must(api.GET('/api/auth/me'));
    const principal = (me as { principal: StaffPrincipal; csrfToken?: string }).principal;
    setCsrfToken((me as { csrfToken?: string }).csrfToken);
    session.me = principal.kind === 'staff' ? principal : null;
    session.problem = principal.kind === 'staff' ? null : '工作台仅供工作人员使用。请用工作人员账号登录。';
  } catch (error) {
    session.me = null;
    if (error instanceof ApiProblem && error.status !== 401) session.problem = error.message;
  }
  session.loaded = true;
  return session.me;
}

export async function signOut(): Promise<void> {
  await api.POST('/api/auth/logout', { body: {} as never }).catch(() => undefined);
  session.me = null;
  setCsrfToken(undefined);
}
