/**
 * Finding texts mark header values and code with backticks. They are rendered as <code> text
 * nodes: header values come from the network and are never parsed as HTML.
 */
export function RichText({ text }: { text: string }) {
  const parts = text.split("`");
  return (
    <>
      {parts.map((part, i) =>
        // Odd segments sat between backticks; an unmatched trailing backtick leaves plain text.
        i % 2 === 1 && i < parts.length - 1 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>,
      )}
    </>
  );
}
