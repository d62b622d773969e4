/**
 * `example/Example`: exactly the reference connector's answer.
 */
import { defineCommand, z } from "@connector-proxy/sdk";

export const example = defineCommand({
  name: "Example",
  description: "Answers a greeting that repeats the message it was given",
  annotations: { readOnly: true },
  params: z.object({ message: z.string().describe("Any text") }),
  examples: [
    {
      title: "repeats the message",
      params: { message: "hello" },
      expect: { body: { connector_response: "You passed the example connector: 'hello'. Have a good day!" } },
      safe: true,
    },
  ],
  run: ({ message }) => ({
    body: { connector_response: `You passed the example connector: '${message}'. Have a good day!` },
  }),
});
