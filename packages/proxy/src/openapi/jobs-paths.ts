/**
 * The OpenAPI paths of the durable jobs operations (`/v1/jobs...`), merged into the document
 * by build-openapi. See docs/async-jobs.md.
 */
import { JOB_STATUSES } from "../jobs/job-record.js";
import { ENVELOPE_REF } from "./wire-schemas.js";

const nullableString = { type: ["string", "null"] };
const nullableTime = { type: ["string", "null"], format: "date-time" };

const JOB_SCHEMA = {
  type: "object",
  description: "A durable job (never its parameters or result: they may hold secrets)",
  properties: {
    id: { type: "string" },
    command: { type: "string" },
    status: { type: "string", enum: [...JOB_STATUSES] },
    attempts: { type: "integer", description: "Callback delivery attempts so far" },
    last_error: nullableString,
    reference: { ...nullableString, description: "The external system's reference (commands with `start`)" },
    error_code: { ...nullableString, description: "The result's error code, when the command failed" },
    created_at: { type: "string", format: "date-time" },
    updated_at: { type: "string", format: "date-time" },
    started_at: nullableTime,
    finished_at: nullableTime,
    next_attempt_at: nullableTime,
  },
  required: ["id", "command", "status", "attempts"],
};

const idParameter = { name: "id", in: "path", required: true, schema: { type: "string" } };
const job = (description: string) => ({ description, content: { "application/json": { schema: JOB_SCHEMA } } });
const fault = (description: string) => ({ description, content: { "application/json": { schema: ENVELOPE_REF } } });
const notFound = fault("JobNotFound");

export const JOBS_PATHS = {
  "/v1/jobs": {
    get: {
      operationId: "listJobs",
      summary: "Jobs, newest first, optionally by status",
      tags: ["jobs"],
      parameters: [
        { name: "status", in: "query", schema: { type: "string", enum: [...JOB_STATUSES] } },
        { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 100 } },
        { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
      ],
      responses: {
        "200": {
          description: "One page of jobs; `next_offset` is null on the last page",
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: { jobs: { type: "array", items: JOB_SCHEMA }, next_offset: { type: ["integer", "null"] } },
              },
            },
          },
        },
        "400": fault("InvalidParameters: unknown status"),
      },
    },
  },
  "/v1/jobs/{id}": {
    get: {
      operationId: "getJob",
      summary: "One job",
      tags: ["jobs"],
      parameters: [idParameter],
      responses: { "200": job("The job"), "404": notFound },
    },
    delete: {
      operationId: "cancelJob",
      summary: "Cancel a job that has not finished (its command is aborted; no callback is sent)",
      tags: ["jobs"],
      parameters: [idParameter],
      responses: { "200": job("The job, cancelled (unchanged when it had finished)"), "404": notFound },
    },
  },
  "/v1/jobs/{id}/retry": {
    post: {
      operationId: "retryJob",
      summary: "Deliver a dead job's result again",
      tags: ["jobs"],
      parameters: [idParameter],
      responses: { "202": job("Delivery restarted"), "400": fault("JobNotRetryable"), "404": notFound },
    },
  },
  "/v1/jobs/{id}/complete": {
    post: {
      operationId: "completeJob",
      summary: "Complete a job waiting for an external system; its result goes to Arena's callback",
      tags: ["jobs"],
      parameters: [idParameter],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              description: "`{body, mimetype?, http_status?}`, a v2 envelope, or `{error: {error_code, message}}`",
              type: "object",
            },
          },
        },
      },
      responses: {
        "202": job("Accepted: the result is being delivered"),
        "400": fault("InvalidRequestBody"),
        "404": notFound,
        "409": fault("JobNotWaiting"),
      },
    },
  },
};
