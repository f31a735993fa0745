/** @jsxImportSource hono/jsx */
import type { ComplaintView, PublicComplaint } from '../../../requests/index.ts';
import { Csrf, described, ErrorSummary, Field, Notice, type FieldErrors } from '../../components/form.tsx';
import { when } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';
import { Lines } from '../../components/lines.tsx';
import { Pager } from '../../components/pager.tsx';
import { Phones } from '../../components/phones.tsx';
import { DepartmentField, MatterField, RequestText, SignInFirst } from '../../components/request-form.tsx';
import { DepartmentSelect, matterNameOf, type DepartmentInfo, type MatterOption } from '../../components/selects.tsx';

/** The complaint form as typed. */
export interface ComplaintForm {
  department: string;
  matter: string;
  caseNumber: string;
  content: string;
}

interface ComplaintsProps {
  viewer: Viewer | undefined;
  audience: 'applicant' | 'staff' | 'visitor';
  signIn: string;
  departments: DepartmentInfo[];
  matters: MatterOption[];
  /** The published outcomes: one page of them, with the department they were filtered by. */
  published: { items: PublicComplaint[]; department: string; newer?: string | undefined; older?: string | undefined };
  form: ComplaintForm;
  errors: FieldErrors;
  notice?: string | undefined;
  mine?: { items: ComplaintView[]; newer?: string | undefined; older?: string | undefined } | undefined;
  /** The catalogue's limit for deciding whether to accept a complaint, as words. */
  acceptLimit: string;
}

/** 网上投诉: the published outcomes for everyone; filing a complaint and following one's own for applicants. */
export function ComplaintsPage(props: ComplaintsProps) {
  const { form, errors } = props;
  const hints = {
    department: '请选择您要投诉的部门。',
    matter: '投诉涉及某个事项的，请选择该事项。',
    caseNumber: '投诉涉及您本人的某个办件的，请填写收件回执上的办件编号；该办件须由所投诉的部门经办。',
    content: '请写明投诉的事实、时间和您的诉求，不超过 2000 字。'
  };
  return (
    <Layout title="网上投诉" viewer={props.viewer}>
      <h1>网上投诉</h1>
      {/* The form comes back below the published list: its errors are summarised at the top, each a link to its field. */}
      <ErrorSummary errors={errors} />
      <Notice text={props.notice} />
      <p>
        对各部门办理事项的效率、作风和结果有意见的，可以在网上投诉。部门在收到投诉后 {props.acceptLimit}
        内决定是否受理，受理后办结并答复您；处理结果在本页公示，公示内容不含投诉人的个人信息。
      </p>
      {props.audience === 'applicant' && (
        <p class="actions">
          <a class="button" href="#file">
            我要投诉
          </a>
          <a href="#mine">我的投诉</a>
        </p>
      )}
      <section aria-labelledby="published">
        <h2 id="published">投诉处理结果公示</h2>
        <form class="search" method="get" action="/hall/complaints#published">
          <label for="filter-department">
            按部门查看
            <DepartmentSelect
              id="filter-department"
              name="department"
              value={props.published.department}
              departments={props.departments}
              empty="全部部门"
            />
          </label>
          <button type="submit">查看</button>
        </form>
        {props.published.items.length === 0 ? (
          <p>
            {props.published.department
              ? `${props.published.department}暂无公示的投诉处理结果。`
              : '暂无公示的投诉处理结果。'}
          </p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption>已办结投诉的处理结果（不含投诉人信息）</caption>
              <thead>
                <tr>
                  <th scope="col">办结日期</th>
                  <th scope="col">被投诉部门</th>
                  <th scope="col">涉及事项</th>
                  <th scope="col">处理结果</th>
                </tr>
              </thead>
              <tbody>
                {props.published.items.map(p => (
                  <tr>
                    <td>{p.date}</td>
                    <td>{p.department}</td>
                    <td>{matterNameOf(props.matters, p.matterCode) ?? '—'}</td>
                    <td>
                      <Lines text={p.publicSummary} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager
          label="公示分页"
          newer={props.published.newer}
          newerText="上一页"
          older={props.published.older}
          olderText="下一页"
        />
      </section>
      {props.audience === 'applicant' && (
        <section aria-labelledby="file">
          <h2 id="file">我要投诉</h2>
          <form method="post" action="/hall/complaints">
            <Csrf token={props.viewer?.csrf} />
            <DepartmentField
              label="被投诉的部门"
              value={form.department}
              departments={props.departments}
              hint={hints.department}
              error={errors.department}
              required
            />
            <MatterField
              label="涉及的事项（可不选）"
              value={form.matter}
              matters={props.matters}
              hint={hints.matter}
              error={errors.matter}
              empty="不涉及具体事项"
            />
            <Field id="caseNumber" label="涉及的办件编号（可不填）" hint={hints.caseNumber} error={errors.caseNumber}>
              <input
                id="caseNumber"
                name="caseNumber"
                value={form.caseNumber}
                maxlength={40}
                autocomplete="off"
                spellcheck={false}
                {...described('caseNumber', hints.caseNumber, errors.caseNumber)}
              />
            </Field>
            <RequestText
              id="content"
              label="投诉内容"
              value={form.content}
              hint={hints.content}
              error={errors.content}
            />
            <div class="actions">
              <button type="submit">提交投诉</button>
            </div>
          </form>
        </section>
      )}
      {props.audience === 'visitor' && (
        <SignInFirst
          id="file"
          title="网上投诉需要登录"
          why="网上投诉须实名登录，以便告知您受理和处理结果。您也可以拨打下列投诉电话。"
          href={props.signIn}
          text="登录后即可在线投诉，并在本页查看处理进度。"
        />
      )}
      {props.audience === 'staff' && (
        <p class="warn">工作人员请在办公系统中处理本部门收到的投诉；网上投诉仅供办事群众和企业使用。</p>
      )}
      {props.mine && (
        <section aria-labelledby="mine">
          <h2 id="mine">我的投诉</h2>
          {props.mine.items.length === 0 && <p>您还没有提交过网上投诉。</p>}
          {props.mine.items.map(item => (
            <Complaint item={item} matter={matterNameOf(props.matters, item.matterCode)} />
          ))}
          <Pager
            label="我的投诉分页"
            newer={props.mine.newer}
            newerText="最新的投诉"
            older={props.mine.older}
            olderText="更早的投诉"
          />
        </section>
      )}
      <section aria-labelledby="phones">
        <h2 id="phones">电话投诉</h2>
        <Phones departments={props.departments} purpose="complaint" caption="各部门投诉电话" />
      </section>
    </Layout>
  );
}

/** One of the applicant's complaints: what they wrote, its state, the reply and the published summary. */
function Complaint(props: { item: ComplaintView; matter: string | undefined }) {
  const p = props.item;
  const heading = `p-${p.id}`;
  return (
    <article class="record" aria-labelledby={heading}>
      <h3 id={heading}>
        {when(p.createdAt)} 投诉{p.department}
      </h3>
      <dl class="facts">
        {props.matter && (
          <>
            <dt>涉及事项</dt>
            <dd>{props.matter}</dd>
          </>
        )}
        {p.caseNumber && p.caseId && (
          <>
            <dt>涉及办件</dt>
            <dd>
              <a href={`/hall/cases/${p.caseId}`}>{p.caseNumber}</a>
            </dd>
          </>
        )}
        <dt>投诉内容</dt>
        <dd>
          <Lines text={p.content} />
        </dd>
        <dt>状态</dt>
        <dd>
          <strong>{p.statusLabel}</strong>
        </dd>
        {p.status === 'open' && (
          <>
            <dt>受理期限</dt>
            <dd>{when(p.acceptDue)} 前决定是否受理</dd>
          </>
        )}
        {p.reply && (
          <>
            <dt>{p.status === 'resolved' ? '处理结果' : '答复'}</dt>
            <dd>
              <Lines text={p.reply} />
            </dd>
          </>
        )}
        {p.publicSummary && (
          <>
            <dt>公示摘要</dt>
            <dd>
              <Lines text={p.publicSummary} />
            </dd>
          </>
        )}
        {p.closedAt && (
          <>
            <dt>{p.status === 'refused' ? '决定时间' : '办结时间'}</dt>
            <dd>{when(p.closedAt)}</dd>
          </>
        )}
      </dl>
    </article>
  );
}
