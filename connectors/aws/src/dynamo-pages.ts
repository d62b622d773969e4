/**
 * Reading Query/Scan results page after page up to a limit, in the reference's answer
 * shape `{Items, Count, ScannedCount}`, plus `LastEvaluatedKey` when more items remain.
 */
import { z } from "@connector-proxy/sdk";

export const pagingParams = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Most items to answer (capped by the max_items setting); LastEvaluatedKey tells where to go on"),
  exclusive_start_key: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("LastEvaluatedKey of the previous answer, to read the next items"),
};

type Item = Record<string, unknown>;

interface Page {
  Items?: Item[] | undefined;
  Count?: number | undefined;
  ScannedCount?: number | undefined;
  LastEvaluatedKey?: Item | undefined;
}

export interface ItemsAnswer {
  Items: Item[];
  Count: number;
  ScannedCount: number;
  LastEvaluatedKey?: Item;
}

/**
 * Fetch pages until `limit` items are read or the table is exhausted.
 *
 * @example
 * const answer = await readPages(100, undefined, (start, limit) => dynamo.send(new ScanCommand({ ..., ExclusiveStartKey: start, Limit: limit })));
 */
export async function readPages(
  limit: number,
  start: Item | undefined,
  fetchPage: (start: Item | undefined, pageLimit: number) => Promise<Page>,
): Promise<ItemsAnswer> {
  const answer: ItemsAnswer = { Items: [], Count: 0, ScannedCount: 0 };
  let next = start;
  do {
    const page = await fetchPage(next, limit - answer.Items.length);
    answer.Items.push(...(page.Items ?? []));
    answer.Count += page.Count ?? page.Items?.length ?? 0;
    answer.ScannedCount += page.ScannedCount ?? 0;
    next = page.LastEvaluatedKey;
  } while (next && answer.Items.length < limit);
  if (next) answer.LastEvaluatedKey = next;
  return answer;
}
