/** @jsxImportSource hono/jsx */
import { carriedOverLines, type CarriedOver } from '../../cases/index.ts';

/**
 * Above the application form, when the draft moved to a newer version of the matter: what changed for it, in the
 * applicant's words (新增填写项…, 不再需要…, 新增材料…), so nothing is lost without being told.
 */
export function CarriedOverNotice(props: { changes: CarriedOver }) {
  const c = props.changes;
  return (
    <div class="warn" role="status" id="carried-over">
      <p>
        本事项的办事指南已更新（第 {c.fromVersion} 版 → 第 {c.toVersion} 版），您的草稿已转到新版本：
      </p>
      <ul>
        {carriedOverLines(c).map(line => (
          <li>{line}</li>
        ))}
      </ul>
      <p>请核对后再提交。</p>
    </div>
  );
}
