/** @jsxImportSource hono/jsx */
import { Layout, type Viewer } from '../../components/layout.tsx';
import { specs, withNext } from './auth-forms.ts';

/** 注册: persons and organisations register separately; choose one. */
export function RegisterChoicePage(props: { viewer: Viewer | undefined; next: string | undefined }) {
  return (
    <Layout title="注册" viewer={props.viewer}>
      <h1>注册账号</h1>
      <p>请选择账号类型：</p>
      <ul>
        <li>
          <a href={withNext('/hall/register/person', props.next)}>个人注册</a>：{specs.person.intro}
        </li>
        <li>
          <a href={withNext('/hall/register/organisation', props.next)}>法人和其他组织注册</a>：
          {specs.organisation.intro}
        </li>
      </ul>
      <p>
        注册后账号为“已注册”，可以咨询、投诉、预约和查询办件。在网上提交申请前，须完成实名核验：个人携带居民身份证、单位经办人携带营业执照和本人身份证，到任一服务大厅窗口办理。
      </p>
      <p>
        已有账号？<a href={withNext('/hall/login', props.next)}>直接登录</a>
      </p>
    </Layout>
  );
}
