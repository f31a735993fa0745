/** @jsxImportSource hono/jsx */
import { when } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';
import { EmailSection, type EmailSectionProps } from './EmailSection.tsx';

/** 我的账号: who is signed in, the account's level and what it allows; an unverified account learns how to verify. */
export function AccountPage(props: {
  viewer: Viewer;
  kind: 'person' | 'organisation';
  name: string;
  login: string;
  level: 'registered' | 'verified';
  levelLabel: string;
  verifiedAt: number | undefined;
  method: string | undefined;
  allows: string[];
  howToVerify: string;
  /** The provincial identity platform is configured: a person may verify through it. */
  oidc?: boolean;
  alert?: string | undefined;
  notice?: string | undefined;
  email: EmailSectionProps;
}) {
  return (
    <Layout title="我的账号" viewer={props.viewer}>
      <h1>我的账号</h1>
      {props.alert && (
        <p class="warn" role="alert">
          {props.alert}
        </p>
      )}
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <dl class="facts">
        <dt>{props.kind === 'person' ? '姓名' : '单位名称'}</dt>
        <dd>{props.name}</dd>
        <dt>{props.kind === 'person' ? '身份证号码' : '统一社会信用代码'}</dt>
        <dd class="code">{props.login}</dd>
        <dt>账号级别</dt>
        <dd>
          <strong id="level">{props.levelLabel}</strong>
          {props.verifiedAt !== undefined && `（${when(props.verifiedAt)}，${props.method ?? ''}）`}
        </dd>
      </dl>
      <h2>当前级别可以办理</h2>
      <ul>
        {props.allows.map(a => (
          <li>{a}</li>
        ))}
      </ul>
      {props.level === 'registered' && (
        <section aria-labelledby="verify-title">
          <h2 id="verify-title">如何完成实名核验</h2>
          <p>按照规定，申请人网上办事前应当进行身份认证。账号完成实名核验后，才能在网上提交申请。</p>
          <p>{props.howToVerify}</p>
          {props.oidc && props.kind === 'person' && (
            <p>
              也可以
              <a class="button" id="oidc" href="/hall/oidc/start?next=%2Fhall%2Faccount%3Fdone%3Dverified">
                通过省统一身份认证平台核验
              </a>
              ，用本人在省统一身份认证平台的账号认证后，当即完成实名核验。
            </p>
          )}
          <p>在核验之前填写的申请会保存为草稿，核验后可在“我的办件”中继续提交。</p>
        </section>
      )}
      <EmailSection {...props.email} />
    </Layout>
  );
}
