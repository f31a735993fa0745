import type { z } from 'zod';
import type { Staff } from '../../accounts/index.ts';
import type { Services } from '../../cases/index.ts';
import { explanationsAsked, handleEvent, supervisionEvent, type StepInput } from '../../supervision/index.ts';
import { acting } from '../../web/acting.ts';
import type { Api } from '../api.ts';
import {
  AccountabilityBody,
  CloseBody,
  CorrectBody,
  EventParam,
  ExplainBody,
  ExplanationsAsked,
  ReexamineBody,
  RequestExplanationBody,
  SupervisionEventDetail
} from './supervision-schemas.ts';

type StepRoute = {
  path: string;
  action: StepInput['action'];
  summary: string;
  body: z.ZodType;
};

/**
 * The handling of one supervision event in two levels (seeds/002 §四(四) 两级监察 and 再监察; seeds/000 责任追究):
 * who may take each step is supervision/handling-rules.ts's; every step, taken or refused, is in the audit log.
 */
export function supervisionHandlingRoutes(api: Api, s: Services): void {
  api.route(
    {
      method: 'get',
      path: '/api/supervision/explanations',
      group: 'supervision',
      access: 'staff',
      summary: '要求我（或我的岗位）作出说明、尚未说明的监察信息',
      response: ExplanationsAsked
    },
    async (c, { principal }) => c.json(await explanationsAsked(s.db, principal as Staff, s.now()))
  );

  api.route(
    {
      method: 'get',
      path: '/api/supervision/events/:id',
      group: 'supervision',
      access: 'staff',
      summary: '一条监察信息及其全部处理经过（说明、纠正、回告、再监察、责任追究）',
      params: EventParam,
      response: SupervisionEventDetail
    },
    async (c, { params, principal }) =>
      c.json(
        await acting(c, s, principal, 'supervision.event.read', String(params.id), async done => {
          const event = await supervisionEvent(s.db, params.id, principal as Staff, s.now());
          await done(s.db, { caseId: event.caseId });
          return event;
        })
      )
  );

  const steps: StepRoute[] = [
    {
      path: 'request-explanation',
      action: 'requestExplanation',
      summary: '部门监察：要求责任人（或岗位）在期限内作出说明',
      body: RequestExplanationBody
    },
    { path: 'explain', action: 'explain', summary: '责任人作出说明', body: ExplainBody },
    { path: 'correct', action: 'correct', summary: '部门监察：记录纠正情况', body: CorrectBody },
    { path: 'close', action: 'close', summary: '部门监察：回告办结', body: CloseBody },
    {
      path: 'reexamine',
      action: 'reexamine',
      summary: '效能督查局再监察：维持，或附调查意见发回部门重新处理',
      body: ReexamineBody
    },
    {
      path: 'accountability',
      action: 'accountability',
      summary: '效能督查局记录责任追究（责任人、事由、处理方式）',
      body: AccountabilityBody
    }
  ];
  for (const step of steps)
    api.route(
      {
        method: 'post',
        path: `/api/supervision/events/:id/${step.path}`,
        group: 'supervision',
        access: 'staff',
        summary: step.summary,
        params: EventParam,
        body: step.body,
        response: SupervisionEventDetail
      },
      async (c, { params, body, principal }) =>
        c.json(
          await acting(c, s, principal, `supervision.${step.action}`, String(params.id), done =>
            handleEvent(
              s.db,
              { calendar: s.calendar() },
              {
                eventId: params.id,
                principal: principal as Staff,
                step: { action: step.action, ...(body as object) } as StepInput
              },
              s.now(),
              done
            )
          )
        )
    );
}
