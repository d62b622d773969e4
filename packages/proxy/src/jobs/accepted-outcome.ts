/**
 * The answer to an accepted job: outer 202 and a v2 envelope without error, so Arena
 * leaves the service task waiting for the callback.
 */
import type { Outcome } from "@connector-proxy/sdk";

export function acceptedOutcome(jobId: string): Outcome {
  return {
    status: 202,
    envelope: {
      command_response: {
        body: { job_id: jobId, status: "accepted" },
        mimetype: "application/json",
        http_status: 202,
        headers: {},
      },
      command_response_version: 2,
      error: null,
      spiff__logs: [],
    },
  };
}
