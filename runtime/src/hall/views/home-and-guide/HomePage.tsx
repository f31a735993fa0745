/** @jsxImportSource hono/jsx */
import { serves, type Definition } from '@banshi/definition';
import { levels, matterTypes } from '../../components/labels.ts';
import { Layout, type Viewer } from '../../components/layout.tsx';

export interface HomeQuery {
  q?: string;
  department?: string;
  for?: 'person' | 'organisation';
  /** The theme: the kind of matter (许可, 备案, 年检, 公共服务…). */
  type?: Definition['type'];
}

const forPersons = (d: Definition) => serves(d, 'person');
const forOrganisations = (d: Definition) => serves(d, 'organisation');

/** The matters a search finds: by name, basis or department, for persons or for organisations. */
function search(definitions: Definition[], query: HomeQuery): Definition[] {
  const q = query.q?.trim();
  return definitions
    .filter(d => !q || d.name.includes(q) || d.department.name.includes(q) || d.basis.some(b => b.includes(q)))
    .filter(d => !query.department || d.department.name === query.department)
    .filter(d => !query.for || (query.for === 'person' ? forPersons(d) : forOrganisations(d)))
    .filter(d => !query.type || d.type === query.type);
}

/** 首页: search, browse by department, the most used matters. */
export function HomePage(props: {
  definitions: Definition[];
  departments: string[];
  mostUsed: Definition[];
  query: HomeQuery;
  viewer?: Viewer | undefined;
}) {
  const searching = Boolean(props.query.q || props.query.department || props.query.for || props.query.type);
  const types = [...new Set(props.definitions.map(d => d.type))];
  const found = searching ? search(props.definitions, props.query) : props.mostUsed;
  return (
    <Layout title="首页" viewer={props.viewer}>
      <h1>网上办事大厅</h1>
      <form class="search" method="get" action="/hall" role="search">
        <label>
          事项名称或关键词
          <input type="search" name="q" value={props.query.q ?? ''} maxlength={50} />
        </label>
        <label>
          实施部门
          <select name="department">
            <option value="">全部部门</option>
            {props.departments.map(d => (
              <option value={d} selected={d === props.query.department}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          服务对象
          <select name="for">
            <option value="">全部</option>
            <option value="person" selected={props.query.for === 'person'}>
              个人办事
            </option>
            <option value="organisation" selected={props.query.for === 'organisation'}>
              法人办事
            </option>
          </select>
        </label>
        <label>
          事项类别
          <select name="type">
            <option value="">全部类别</option>
            {types.map(t => (
              <option value={t} selected={t === props.query.type}>
                {matterTypes[t]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">搜索</button>
      </form>
      <h2>{searching ? `搜索结果（${found.length} 项）` : '常用事项'}</h2>
      {found.length === 0 ? (
        <p>没有找到符合条件的事项，请换个关键词或选择其他部门。</p>
      ) : (
        <ul class="matters">
          {found.map(d => (
            <li>
              <a href={`/hall/matters/${d.code}`}>{d.name}</a>
              <span class="meta">
                {d.department.name} · {matterTypes[d.type]} · {levels[d.level]}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2 id="themes">按类别浏览</h2>
      <ul class="departments">
        {types.map(t => (
          <li>
            <a href={`/hall?type=${t}`}>{matterTypes[t]}</a>
          </li>
        ))}
      </ul>
      <h2 id="departments">按部门浏览</h2>
      <ul class="departments">
        {props.departments.map(d => (
          <li>
            <a href={`/hall?department=${encodeURIComponent(d)}`}>{d}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
