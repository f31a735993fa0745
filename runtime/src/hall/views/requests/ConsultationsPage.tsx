/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { ConsultationView } from '../../../requests/index.ts';
import { Csrf, ErrorSummary, Notice, type FieldErrors } from '../../components/form.tsx';
import { when } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';
import { Lines } from '../../components/lines.tsx';
import { Pager } from '../../components/pager.tsx';
import { Phones } from '../../components/phones.tsx';
import { DepartmentField, MatterField, RequestText, SignInFirst } from '../../components/request-form.tsx';
import { matterNameOf, type DepartmentInfo, type MatterOption } from '../../components/selects.tsx';

/** The question form as typed. */
export interface AskForm {
  matter: string;
  department: string;
  question: string;
}

interface ConsultationsProps {
  viewer: Viewer | undefined;
  /** Who may ask here: a signed-in person or organisation; staff answer in the office, visitors sign in first. */
  audience: 'applicant' | 'staff' | 'visitor';
  signIn: string;
  departments: DepartmentInfo[];
  matters: MatterOption[];
  form: AskForm;
  errors: FieldErrors;
  notice?: string | undefined;
  /** The applicant's own consultations, newest first, one page of them. */
  mine?: { items: ConsultationView[]; newer?: string | undefined; older?: string | undefined } | undefined;
  /** The catalogue's limits, as words (“3 个工作日”): to answer, and to forward what is not the department's. */
  limits: { reply: string; forward: string };
}

/** 网上咨询: ask a department a question and read the answers; by phone for everyone. */
export function ConsultationsPage(props: ConsultationsProps) {
  const { form, errors } = props;
  const chosen = props.matters.find(m => m.code === form.matter);
  const hints = {
    matter: '选择事项后，咨询将交给该事项的实施部门，可以不选部门。',
    department: '不选事项时，请选择要咨询的部门。',
    question: '请写清您想了解的问题，不超过 2000 字。'
  };
  return (
    <Layout title="网上咨询" viewer={props.viewer}>
      <h1>网上咨询</h1>
      <Notice text={props.notice} />
      <p>
        各部门在 {props.limits.reply}内答复网上咨询；不属于本部门职责的，在 {props.limits.forward}
        内转交有关部门并告知您。答复会在本页显示，并发送到您的站内消息。
      </p>
      {props.audience === 'applicant' && (
        <section aria-labelledby="ask">
          <h2 id="ask">我要咨询</h2>
          <ErrorSummary errors={errors} />
          <form method="post" action="/hall/consultations">
            <Csrf token={props.viewer?.csrf} />
            {chosen && (
              <p>
                您正在咨询：<strong>{chosen.name}</strong>（{chosen.department}）
              </p>
            )}
            <MatterField
              label="咨询的事项（可不选）"
              value={form.matter}
              matters={props.matters}
              hint={hints.matter}
              error={errors.matter}
              empty="不针对具体事项"
            />
            <DepartmentField
              label="咨询的部门"
              value={form.department}
              departments={props.departments}
              hint={hints.department}
              error={errors.department}
            />
            <RequestText
              id="question"
              label="咨询内容"
              value={form.question}
              hint={hints.question}
              error={errors.question}
            />
            <div class="actions">
              <button type="submit">提交咨询</button>
            </div>
          </form>
        </section>
      )}
      {props.audience === 'visitor' && (
        <SignInFirst
          id="ask"
          title="网上咨询需要登录"
          why="为了把答复准确送达给您，网上咨询须实名登录。您也可以拨打下列电话咨询（工作日办公时间）。"
          href={props.signIn}
          text="登录后即可在线提问，并在本页查看答复。"
        />
      )}
      {props.audience === 'staff' && (
        <p class="warn">工作人员请在办公系统中答复本部门收到的咨询；网上咨询仅供办事群众和企业使用。</p>
      )}
      {props.mine && (
        <section aria-labelledby="mine">
          <h2 id="mine">我的咨询</h2>
          {props.mine.items.length === 0 && <p>您还没有提出过网上咨询。</p>}
          {props.mine.items.map(item => (
            <Consultation item={item} matter={matterNameOf(props.matters, item.matterCode)} />
          ))}
          <Pager
            label="我的咨询分页"
            newer={props.mine.newer}
            newerText="最新的咨询"
            older={props.mine.older}
            olderText="更早的咨询"
          />
        </section>
      )}
      <section aria-labelledby="phones">
        <h2 id="phones">电话咨询</h2>
        <Phones departments={props.departments} purpose="consultation" caption="各部门咨询电话" />
      </section>
    </Layout>
  );
}

/** One of the applicant's consultations: the question, and the answer, where it went, or when it is due. */
function Consultation(props: { item: ConsultationView; matter: string | undefined }) {
  const c = props.item;
  const heading = `c-${c.id}`;
  let outcome: Child;
  if (c.status === 'answered')
    outcome = (
      <>
        <dt>答复</dt>
        <dd>
          <Lines text={c.answer ?? ''} />
        </dd>
        <dt>答复时间</dt>
        <dd>{c.closedAt ? when(c.closedAt) : ''}</dd>
      </>
    );
  else if (c.status === 'forwarded') {
    outcome = (
      <>
        <dt>转交</dt>
        <dd>
          不属于{c.department}的职责，已转交<strong>{c.forwardedTo}</strong>作为新的咨询办理。
        </dd>
        {c.answer && (
          <>
            <dt>说明</dt>
            <dd>
              <Lines text={c.answer} />
            </dd>
          </>
        )}
        <dt>转交时间</dt>
        <dd>{c.closedAt ? when(c.closedAt) : ''}</dd>
      </>
    );
  } else
    outcome = (
      <>
        <dt>答复期限</dt>
        <dd>{when(c.answerDue)} 前答复</dd>
      </>
    );
  return (
    <article class="record" aria-labelledby={heading}>
      <h3 id={heading}>
        {when(c.createdAt)} 向{c.department}咨询
      </h3>
      <dl class="facts">
        <dt>咨询内容</dt>
        <dd>
          <Lines text={c.question} />
        </dd>
        {props.matter && (
          <>
            <dt>事项</dt>
            <dd>{props.matter}</dd>
          </>
        )}
        <dt>状态</dt>
        <dd>
          <strong>{c.statusLabel}</strong>
        </dd>
        {outcome}
      </dl>
    </article>
  );
}
