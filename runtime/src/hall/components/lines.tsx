/** @jsxImportSource hono/jsx */

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
