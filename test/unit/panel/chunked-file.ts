/** A File whose stream gives `text` in `chunks` pieces, each a task after the last, as a large file's come from the disk. */
export function chunkedFile(text: string, chunks = 20, name = "capture.har"): File {
  const bytes = new TextEncoder().encode(text);
  const step = Math.max(1, Math.ceil(bytes.length / chunks));
  let at = 0;
  return {
    name,
    size: bytes.length,
    stream: () =>
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (at >= bytes.length) {
            controller.close();
            return;
          }
          controller.enqueue(bytes.slice(at, at + step));
          at += step;
        },
      }),
    arrayBuffer: async () => bytes.slice().buffer,
  } as unknown as File;
}
