/** @jsxImportSource hono/jsx */

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
