/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { ConsultationView } from '../requests/index.ts';
import { Csrf, described, ErrorSummary, Field, Notice, type FieldErrors } from './form.tsx';
import { when } from './labels.ts';
import { Layout } from './layout.tsx';
import type { Viewer } from './render.ts';

/** A moment as the hall shows it: Shanghai wall-clock time, “2026年10月9日 00:00”. */

/** Text someone typed, its line breaks kept (as <br>, so no stylesheet is needed for them). */
export function Lines(props: { text: string }) {
  const lines = props.text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, i) =>
        i === 0 ? (
          line
        ) : (
          <>
            <br />
            {line}
          </>
        )
      )}
    </>
  );
}

/** A department of the catalogue as the service pages need it: its name and its public phone numbers. */
export interface DepartmentInfo {
  name: string;
  phones: Array<{ purpose?: 'consultation' | 'complaint' | undefined; number: string }>;
}

/** A live matter in a select: grouped by its department. */
export interface MatterOption {
  code: string;
  name: string;
  department: string;
}

/** Every department's phone for consultations or complaints (a number without a purpose serves both). */
export function Phones(props: {
  departments: DepartmentInfo[];
  purpose: 'consultation' | 'complaint';
  caption: string;
}) {
  const rows = props.departments
    .map(d => ({
      name: d.name,
      numbers: d.phones.filter(p => !p.purpose || p.purpose === props.purpose).map(p => p.number)
    }))
    .filter(d => d.numbers.length > 0);
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">部门</th>
            <th scope="col">电话</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(r => (
            <tr>
              <th scope="row">{r.name}</th>
              <td>{r.numbers.join('，')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The department select of a form (named as its id unless told): “请选择” first, then the catalogue's departments. */
export function DepartmentSelect(props: {
  id: string;
  name?: string;
  value: string;
  departments: DepartmentInfo[];
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  empty: string;
}) {
  return (
    <select
      id={props.id}
      name={props.name ?? props.id}
      required={props.required}
      {...described(props.id, props.hint, props.error)}
    >
      <option value="">{props.empty}</option>
      {props.departments.map(d => (
        <option value={d.name} selected={d.name === props.value}>
          {d.name}
        </option>
      ))}
    </select>
  );
}

/** The matter select of a form: optional, grouped by department. */
export function MatterSelect(props: {
  id: string;
  value: string;
  matters: MatterOption[];
  hint?: string | undefined;
  error?: string | undefined;
  empty: string;
}) {
  const departments = [...new Set(props.matters.map(m => m.department))];
  return (
    <select id={props.id} name={props.id} {...described(props.id, props.hint, props.error)}>
      <option value="">{props.empty}</option>
      {departments.map(d => (
        <optgroup label={d}>
          {props.matters
            .filter(m => m.department === d)
            .map(m => (
              <option value={m.code} selected={m.code === props.value}>
                {m.name}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

/** Links to the newer and older pages of a list; nothing when there is only one page. */
export function Pager(props: {
  label: string;
  newer?: string | undefined;
  newerText: string;
  older?: string | undefined;
  olderText: string;
}) {
  if (!props.newer && !props.older) return null;
  return (
    <nav class="actions" aria-label={props.label}>
      {props.newer && <a href={props.newer}>{props.newerText}</a>}
      {props.older && <a href={props.older}>{props.olderText}</a>}
    </nav>
  );
}

/** What a signed-out visitor is offered instead of a form. */
export function SignInPrompt(props: { href: string; text: string }) {
  return (
    <p class="actions">
      <a class="button" href={props.href}>
        登录
      </a>
      <span>{props.text}</span>
    </p>
  );
}

export interface AskForm {
  matter: string;
  department: string;
  question: string;
}

export interface ConsultationsProps {
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
  const matterName = (code: string | null) =>
    code ? (props.matters.find(m => m.code === code)?.name ?? code) : undefined;
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
            <Field id="matter" label="咨询的事项（可不选）" hint={hints.matter} error={errors.matter}>
              <MatterSelect
                id="matter"
                value={form.matter}
                matters={props.matters}
                hint={hints.matter}
                error={errors.matter}
                empty="不针对具体事项"
              />
            </Field>
            <Field id="department" label="咨询的部门" hint={hints.department} error={errors.department}>
              <DepartmentSelect
                id="department"
                value={form.department}
                departments={props.departments}
                hint={hints.department}
                error={errors.department}
                empty="请选择部门"
              />
            </Field>
            <Field id="question" label="咨询内容" hint={hints.question} error={errors.question} required>
              <textarea
                id="question"
                name="question"
                rows={6}
                maxlength={2000}
                required
                {...described('question', hints.question, errors.question)}
              >
                {'\n'}
                {form.question}
              </textarea>
            </Field>
            <div class="actions">
              <button type="submit">提交咨询</button>
            </div>
          </form>
        </section>
      )}
      {props.audience === 'visitor' && (
        <section aria-labelledby="ask">
          <h2 id="ask">网上咨询需要登录</h2>
          <p>为了把答复准确送达给您，网上咨询须实名登录。您也可以拨打下列电话咨询（工作日办公时间）。</p>
          <SignInPrompt href={props.signIn} text="登录后即可在线提问，并在本页查看答复。" />
        </section>
      )}
      {props.audience === 'staff' && (
        <p class="warn">工作人员请在办公系统中答复本部门收到的咨询；网上咨询仅供办事群众和企业使用。</p>
      )}
      {props.mine && (
        <section aria-labelledby="mine">
          <h2 id="mine">我的咨询</h2>
          {props.mine.items.length === 0 && <p>您还没有提出过网上咨询。</p>}
          {props.mine.items.map(item => (
            <Consultation item={item} matter={matterName(item.matterCode)} />
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
