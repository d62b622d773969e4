/**
 * Type-checking a connector's sources for `connector-proxy dev`, with the TypeScript its own
 * folder installed and its own tsconfig.json. Incremental: unchanged files are neither parsed
 * nor checked again, so a check after one edit takes a fraction of the first one.
 */
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type * as TS from "typescript";

export type TypeCheck = () => string | null;

/** A checker for `folder` (null answer: no errors; else the formatted errors), or null without TypeScript or tsconfig.json. */
export function createTypeCheck(folder: string): TypeCheck | null {
  const configFile = path.join(folder, "tsconfig.json");
  let ts: typeof TS;
  try {
    ts = createRequire(path.join(folder, "package.json"))("typescript") as typeof TS;
  } catch {
    return null;
  }
  if (!existsSync(configFile)) return null;
  const formatHost: TS.FormatDiagnosticsHost = {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => folder,
    getNewLine: () => "\n",
  };
  const cache = new Map<string, { mtimeMs: number; file: TS.SourceFile | undefined }>();
  let previous: TS.SemanticDiagnosticsBuilderProgram | undefined;
  return () => {
    const problems: TS.Diagnostic[] = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(
      configFile,
      { noEmit: true },
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => problems.push(diagnostic) },
    );
    if (!parsed) return ts.formatDiagnostics(problems, formatHost);
    const host = ts.createIncrementalCompilerHost(parsed.options); // gives each source file the version a builder needs
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError) => {
      const mtimeMs = existsSync(fileName) ? statSync(fileName).mtimeMs : -1;
      const cached = cache.get(fileName);
      if (cached?.mtimeMs === mtimeMs) return cached.file;
      const file = read(fileName, languageVersion, onError);
      cache.set(fileName, { mtimeMs, file });
      return file;
    };
    const program = ts.createSemanticDiagnosticsBuilderProgram(parsed.fileNames, parsed.options, host, previous);
    previous = program;
    problems.push(
      ...parsed.errors,
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...program.getSyntacticDiagnostics(),
      ...program.getSemanticDiagnostics(),
    );
    const errors = problems.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
    return errors.length > 0 ? ts.formatDiagnostics(errors, formatHost).trimEnd() : null;
  };
}
