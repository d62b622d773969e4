/**
 * What the operator typed into each command's form and what its last run answered, kept while
 * the console is open, so the catalogue and the Try it page show the same call.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { type CallAnswer, callCommand } from "./api";

export interface CallRecord {
  params: Record<string, unknown>;
  answer?: CallAnswer;
  /** A failure to reach the proxy at all (network, 401). */
  failure?: string;
  running: boolean;
}

interface Calls {
  drafts: Readonly<Record<string, Record<string, unknown>>>;
  records: Readonly<Record<string, CallRecord>>;
  setDraft(id: string, params: Record<string, unknown>): void;
  run(id: string, params: Record<string, unknown>): Promise<void>;
}

const CallsContext = createContext<Calls | null>(null);

export function CallsProvider({ children }: { children: ReactNode }) {
  const [drafts, setDrafts] = useState<Record<string, Record<string, unknown>>>({});
  const [records, setRecords] = useState<Record<string, CallRecord>>({});
  const setDraft = useCallback((id: string, params: Record<string, unknown>) => {
    setDrafts((old) => ({ ...old, [id]: params }));
  }, []);
  const run = useCallback(async (id: string, params: Record<string, unknown>) => {
    setDrafts((old) => ({ ...old, [id]: params }));
    setRecords((old) => ({ ...old, [id]: { params, running: true } }));
    try {
      const answer = await callCommand(id, params);
      setRecords((old) => ({ ...old, [id]: { params, answer, running: false } }));
    } catch (error) {
      setRecords((old) => ({ ...old, [id]: { params, failure: (error as Error).message, running: false } }));
    }
  }, []);
  const value = useMemo(() => ({ drafts, records, setDraft, run }), [drafts, records, setDraft, run]);
  return <CallsContext.Provider value={value}>{children}</CallsContext.Provider>;
}

export function useCalls(): Calls {
  const calls = useContext(CallsContext);
  if (!calls) throw new Error("useCalls outside CallsProvider");
  return calls;
}
