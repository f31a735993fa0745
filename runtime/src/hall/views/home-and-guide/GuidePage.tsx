/** @jsxImportSource hono/jsx */
import type { Definition, Step } from '@banshi/definition';
import {
  channelKinds,
  channels,
  conditionText,
  levels,
  limitText,
  matterTypes,
  materialPaperText,
  necessity,
  serviceObjects
} from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';
import { MaterialDownloads, type MaterialFileLink } from '../../components/material-downloads.tsx';
import { DepartmentPlaces, type DepartmentPlace } from './DepartmentPlaces.tsx';

/** A result as the guide names it: its name, validity, and the applications that get it. */
const resultText = (r: NonNullable<Definition['result']>) =>
  `${r.name}${r.validity ? `，有效期${r.validity === 'indefinite' ? '长期' : ` ${r.validity.amount} ${{ years: '年', months: '个月', days: '日' }[r.validity.unit]}`}` : ''}${r.condition ? `（${conditionText(r.condition)}时）` : ''}`;

/** How the guide explains counting, for the units its limits are written in (工作日, 日). */
function countingText(d: Definition): string {
  const limits = [
    d.limits.legal,
    d.limits.promised,
    ...d.steps.map(s => s.limit),
    ...(d.correction ? [d.correction.limit] : [])
  ];
  const parts = [
    ...(limits.some(l => l.unit === 'workdays') ? ['以工作日计的时限不含周末和法定节假日'] : []),
    ...(limits.some(l => l.unit === 'days')
      ? ['以日计的时限含周末和节假日，最后一日是法定节假日或休息日的，以其后第一个工作日为最后一日']
      : [])
  ];
  return `${parts.length ? `${parts.join('；')}；` : ''}受理次日起算；补正材料和特殊程序所需时间不计入。`;
}

const paperText = (p: Definition['paper']) =>
  p.mode === 'none'
    ? '无需提交纸质材料，全程网上办理。'
    : `预审通过后${{ bring: '到窗口提交', mail: '邮寄', bringOrMail: '到窗口提交或邮寄' }[p.how]}纸质材料${p.goodRecordFirst ? '；信用良好的申请人可先受理、后补纸质材料' : ''}。`;

function StepItem(props: { step: Step }) {
  const s = props.step;
  switch (s.kind) {
    case 'parallel':
      return (
        <li>
          {s.label}（并联审批，{limitText(s.limit)}，牵头：{s.lead.name}）
          <ul>
            {s.coApprovers.map(c => (
              <li>
                {c.department.name}
                {c.task ? `：${c.task}` : ''}（{limitText(c.limit)}）
              </li>
            ))}
          </ul>
        </li>
      );
    case 'firstReview':
      return (
        <li>
          {s.department.name}初审（{limitText(s.limit)}），报送{/* the upper level */}上级机关
          <ol class="steps">
            {s.steps.map(x => (
              <StepItem step={x} />
            ))}
          </ol>
        </li>
      );
    default:
      return (
        <li>
          {s.label}（{s.department}
          {'role' in s && s.role ? ` ${s.role}` : ''}，{limitText(s.limit)}
          {s.kind === 'review' && s.channels ? `；仅${s.channels.map(c => channels[c]).join('、')}递交的申请` : ''}）
        </li>
      );
  }
}

/**
 * （待确认） beside a guide entry whose value the author marked 待确认: the studio previews such a matter with the
 * hall's renderer; it is never published, since a matter carrying the mark cannot be submitted for approval.
 */
function Pending(props: { d: Definition; at: string[] }) {
  const marked = props.d.toConfirm?.some(t => props.at.some(p => t.place === p || t.place.startsWith(`${p}.`)));
  return marked ? <strong class="to-confirm">（待确认）</strong> : null;
}

/**
 * 可延长: the matter's own extension as written; when it wrote none, the law's, and only where the law fixes one
 * (行政许可法 Art. 42 binds licensing alone), saying that it is the law's.
 */
function Extension(props: { definition: Definition }) {
  const { limits, type } = props.definition;
  if (limits.extension.amount === 0) return null;
  if (limits.extensionFromLaw) {
    if (type !== 'licensing') return null;
    return (
      <>
        <dt>
          可延长
          <Pending d={props.definition} at={['limits.extension', 'limits.extensionBasis']} />
        </dt>
        <dd>
          依照《中华人民共和国行政许可法》第四十二条，经本机关负责人批准，可延长 {limitText(limits.extension)}，
          并将延长期限的理由告知申请人
        </dd>
      </>
    );
  }
  return (
    <>
      <dt>
        可延长
        <Pending d={props.definition} at={['limits.extension', 'limits.extensionBasis']} />
      </dt>
      <dd>
        经本机关负责人批准，可延长 {limitText(limits.extension)}
        {limits.extensionBasis ? `（${limits.extensionBasis}）` : ''}
      </dd>
    </>
  );
}

/** 办事指南: every published element of the matter, generated from its Definition, printable. */
export function GuidePage(props: {
  definition: Definition;
  version: number;
  publishedAt: number;
  viewer?: Viewer | undefined;
  /** The materials' templates and samples to link (the live version's in the hall, the draft's in a preview). */
  files?: MaterialFileLink[] | undefined;
  /** The department's places from the live catalogue, printed when the matter names no 办理地点 of its own. */
  departmentPlaces?: readonly DepartmentPlace[] | undefined;
}) {
  const d = props.definition;
  const published = new Date(props.publishedAt + 8 * 3_600_000).toISOString().slice(0, 10);
  return (
    <Layout title={`${d.name} 办事指南`} viewer={props.viewer}>
      <p class="muted no-print">
        <a href="/hall">首页</a> › {d.department.name}
      </p>
      <h1>{d.name}</h1>
      <p class="muted">
        办事指南 · 第 {props.version} 版 · {published} 发布 · 事项编码 {d.code}
      </p>
      {d.toConfirm && (
        <p class="notice" role="note">
          本指南中标“（待确认）”的内容，原办事指南没有写明，还要向部门核实；核实前这个事项不能提交审批。
        </p>
      )}
      <p class="actions no-print">
        <a class="button" href={`/hall/matters/${d.code}/apply`}>
          在线申请
        </a>
        {d.submission.includes('onSite') && (
          <a class="button secondary" href={`/hall/appointments?matter=${d.code}`}>
            预约到窗口办理
          </a>
        )}
        <a href={`/hall/consultations?matter=${d.code}#ask`}>我要咨询</a>
        <a href={`/hall/complaints?matter=${d.code}#file`}>我要投诉</a>
      </p>

      <h2>基本信息</h2>
      <dl class="facts">
        <dt>事项类型</dt>
        <dd>{matterTypes[d.type]}</dd>
        <dt>实施机关</dt>
        <dd>
          {d.department.name}（{levels[d.level]}）
        </dd>
        {d.serviceObjects.length > 0 && (
          <>
            <dt>
              服务对象
              <Pending d={d} at={['serviceObjects']} />
            </dt>
            <dd>{d.serviceObjects.map(o => serviceObjects[o]).join('、')}</dd>
          </>
        )}
        {d.basis.length > 0 && (
          <>
            <dt>
              设定依据
              <Pending d={d} at={['basis']} />
            </dt>
            <dd>
              {d.basis.map(b => (
                <div>{b}</div>
              ))}
            </dd>
          </>
        )}
        {d.visits && (
          <>
            <dt>
              到现场次数
              <Pending d={d} at={['visits']} />
            </dt>
            <dd>
              {d.visits.count} 次{d.visits.reason ? `（${d.visits.reason}）` : ''}
            </dd>
          </>
        )}
        {d.onlineDepth !== undefined && (
          <>
            <dt>
              网办深度
              <Pending d={d} at={['onlineDepth']} />
            </dt>
            <dd>{['', '一', '二', '三', '四'][d.onlineDepth]}级</dd>
          </>
        )}
        {d.appointment && (
          <>
            <dt>预约办理</dt>
            <dd>支持预约到窗口办理{d.appointment.note ? `（${d.appointment.note}）` : ''}</dd>
          </>
        )}
        {d.quantityLimit && (
          <>
            <dt>数量限制</dt>
            <dd>{d.quantityLimit}</dd>
          </>
        )}
        {d.repeatLimit && (
          <>
            <dt>办理次数</dt>
            <dd>
              同一{d.repeatLimit.licence}最多办理 {d.repeatLimit.max} 次
            </dd>
          </>
        )}
      </dl>

      {d.conditions && (
        <>
          <h2>
            受理条件
            <Pending d={d} at={['conditions']} />
          </h2>
          <p>{d.conditions}</p>
        </>
      )}
      {d.eligibility && (
        <>
          <h2>申请条件</h2>
          <p>不符合以下条件的申请不能提交：</p>
          <ul>
            {d.eligibility.map(rule => (
              <li>
                {rule.name}：{rule.message ?? conditionText(rule.condition)}
                {rule.appliesWhen ? `（${conditionText(rule.appliesWhen)}时）` : ''}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>
        申请材料
        <Pending d={d} at={['materials', 'paper']} />
      </h2>
      <p>{paperText(d.paper)}</p>
      {d.materials.length === 0 ? (
        <p>无需提交材料。</p>
      ) : (
        <div class="table-wrap">
          <table class="cards">
            <thead>
              <tr>
                <th scope="col">序号</th>
                <th scope="col">材料名称</th>
                <th scope="col">要求</th>
                <th scope="col">形式与份数</th>
                <th scope="col">来源与下载</th>
              </tr>
            </thead>
            <tbody>
              {d.materials.map((m, i) => (
                <tr>
                  <td data-label="序号">{i + 1}</td>
                  <td data-label="材料">
                    {m.title}
                    {m.note ? <div class="muted">{m.note}</div> : ''}
                  </td>
                  <td data-label="要求">
                    {necessity[m.necessity]}
                    {m.condition ? `：${conditionText(m.condition)}时` : ''}
                    {m.replaces.length ? `；可代替：${m.replaces.join('、')}` : ''}
                  </td>
                  <td data-label="形式">
                    {m.paper ? materialPaperText(m.paper) : '电子材料'}
                    {m.scan?.maxPages ? `；扫描件不超过 ${m.scan.maxPages} 页` : ''}
                  </td>
                  <td data-label="来源">
                    {m.origin.kind === 'eLicence'
                      ? `电子证照自动调取（${m.origin.licence}），无需提交`
                      : m.origin.kind === 'intermediary'
                        ? `中介服务${m.origin.provider ? `：${m.origin.provider}` : ''}`
                        : m.origin.kind === 'onlineForm'
                          ? '在线填报，无需上传附件'
                          : '申请人自备'}
                    <MaterialDownloads material={m} files={props.files ?? []} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>办理时限</h2>
      <dl class="facts">
        <dt>
          法定时限
          <Pending d={d} at={['limits.legal', 'limits.legalBasis']} />
        </dt>
        <dd>
          {limitText(d.limits.legal)}
          {d.limits.legalBasis ? `（${d.limits.legalBasis}）` : ''}
        </dd>
        {d.limits.immediate ? (
          <>
            <dt>
              即办
              <Pending d={d} at={['limits.promised']} />
            </dt>
            <dd>材料齐全当场办结（{limitText(d.limits.promised)}内）</dd>
          </>
        ) : (
          <>
            <dt>
              承诺时限
              <Pending d={d} at={['limits.promised']} />
            </dt>
            <dd>{limitText(d.limits.promised)}</dd>
            <Extension definition={d} />
          </>
        )}
        {d.correction && (
          <>
            <dt>补正期限</dt>
            <dd>
              收到补正通知之日起 {limitText(d.correction.limit)}内提交补正材料
              {d.correction.deemedWithdrawn ? '；逾期未补正的，视为撤回申请' : ''}
            </dd>
          </>
        )}
        <dt>计时说明</dt>
        <dd>
          {d.limits.immediate
            ? '即办时限按办公时间计算；不能当场办结的，在法定时限内办结。补正材料所需时间不计入。'
            : countingText(d)}
        </dd>
      </dl>

      <h2>
        办理流程
        <Pending d={d} at={['steps', 'submission']} />
      </h2>
      <ol class="steps">
        <li>提交申请（{d.submission.map(c => channels[c]).join('、')}）</li>
        {d.steps.map(s => (
          <StepItem step={s} />
        ))}
      </ol>
      {d.specialProcedures.length > 0 && (
        <>
          <h2>
            特殊程序
            <Pending d={d} at={['special']} />
          </h2>
          <ul>
            {d.specialProcedures.map(p => (
              <li>
                {p.label}
                {p.maxDuration ? `：最长 ${limitText(p.maxDuration)}` : ''}
                {p.basis ? `（${p.basis}）` : ''}，所需时间不计入办理时限
              </li>
            ))}
          </ul>
        </>
      )}

      {d.fees && (
        <>
          <h2>
            收费
            <Pending d={d} at={['fee']} />
          </h2>
          {d.fees.free ? (
            <p>不收费。</p>
          ) : (
            <ul>
              {d.fees.items.map(f => (
                <li>
                  {f.name}：{f.amountYuan} 元（{f.basis}）{f.waivable ? '，可减免' : ''}
                </li>
              ))}
              {d.fees.onlinePayment ? <li>支持网上缴费</li> : ''}
            </ul>
          )}
        </>
      )}

      {d.result && (
        <>
          <h2>
            办理结果
            <Pending d={d} at={['results', 'delivery']} />
          </h2>
          {d.otherResults ? (
            <ul>
              {[d.result, ...d.otherResults].map(r => (
                <li>{resultText(r)}</li>
              ))}
            </ul>
          ) : (
            <p>
              {resultText(d.result)}；送达方式：{d.delivery.map(c => channels[c]).join('、')}。
            </p>
          )}
          {d.otherResults && <p>送达方式：{d.delivery.map(c => channels[c]).join('、')}。</p>}
        </>
      )}

      <h2>办理地点与咨询投诉</h2>
      <dl class="facts">
        {d.places.length > 0 ? (
          <>
            <dt>
              办理地点
              <Pending d={d} at={['places']} />
            </dt>
            <dd>
              {d.places.map(p => (
                <div>{p}</div>
              ))}
            </dd>
          </>
        ) : props.departmentPlaces?.length ? (
          <DepartmentPlaces places={props.departmentPlaces} />
        ) : (
          ''
        )}
        {d.hours ? (
          <>
            <dt>
              办理时间
              <Pending d={d} at={['hours']} />
            </dt>
            <dd>{d.hours}</dd>
          </>
        ) : (
          d.department.officeHours && (
            <>
              <dt>办理时间</dt>
              <dd>工作日 {d.department.officeHours.map(h => `${h.from}—${h.to}`).join('、')}</dd>
            </>
          )
        )}
        <dt>
          咨询方式
          <Pending d={d} at={['consultation']} />
        </dt>
        <dd>
          {d.consultation.length
            ? d.consultation.map(c => (
                <div>
                  {channelKinds[c.kind]}
                  {c.value ? `：${c.value}` : ''}
                </div>
              ))
            : '网上咨询'}
        </dd>
        <dt>
          投诉方式
          <Pending d={d} at={['complaint']} />
        </dt>
        <dd>
          {d.complaint.length
            ? d.complaint.map(c => (
                <div>
                  {channelKinds[c.kind]}
                  {c.value ? `：${c.value}` : ''}
                </div>
              ))
            : '网上投诉'}
        </dd>
      </dl>
      <p class="no-print">
        <a href="/hall">返回首页</a>
      </p>
    </Layout>
  );
}
