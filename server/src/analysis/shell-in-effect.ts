// Which shell runs a shell-form RUN: the SHELL instruction in effect (set earlier in the stage,
// or in a stage it builds FROM), else /bin/sh. hadolint's `# hadolint shell=<program>` comment
// names the shell of the RUNs below it for linters (Windows images whose default is cmd).
import type { DockerfileModel } from './model';
import type { Instruction } from './types';

/** The SHELL instruction in effect for `instruction`, or null when the image default applies. */
export function shellInstructionFor(model: DockerfileModel, instruction: Instruction): Instruction | null {
  let stage = model.stageOf(instruction);
  let before = instruction.index;
  if (!stage) {
    // Before any FROM (hadolint's snippets): the SHELL lines above it.
    for (let i = Math.min(before, model.instructions.length) - 1; i >= 0; i--) if (model.instructions[i].keyword === 'SHELL') return model.instructions[i];
    return null;
  }
  while (stage) {
    for (let i = stage.instructions.length - 1; i >= 0; i--) {
      const candidate = stage.instructions[i];
      if (candidate.index < before && candidate.keyword === 'SHELL') return candidate;
    }
    before = Infinity;
    stage = stage.baseStage;
  }
  return null;
}

/** The shell's argv in effect (`["/bin/bash", "-o", "pipefail", "-c"]`), or null for the default `/bin/sh -c`. */
export function shellArgvFor(model: DockerfileModel, instruction: Instruction): string[] | null {
  return shellInstructionFor(model, instruction)?.jsonStrings ?? null;
}

/** Every `# hadolint shell=<program>` comment, in file order. */
export function shellPragmas(model: DockerfileModel): { line: number; program: string }[] {
  const pragmas: { line: number; program: string }[] = [];
  for (const comment of model.comments) {
    const match = /^hadolint\s+shell\s*=\s*(\S+)/i.exec(comment.text);
    if (match) pragmas.push({ line: comment.line, program: match[1] });
  }
  return pragmas;
}

/** The program of the last shell pragma above `line`, or null. */
export function shellPragmaAbove(pragmas: readonly { line: number; program: string }[], line: number): string | null {
  let program: string | null = null;
  for (const pragma of pragmas) {
    if (pragma.line >= line) break;
    program = pragma.program;
  }
  return program;
}

/** `bash` for `/usr/bin/bash`, `powershell` for `C:\\...\\powershell.exe`. */
export function programName(program: string): string {
  const base = program.slice(Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\')) + 1).toLowerCase();
  return base.endsWith('.exe') ? base.slice(0, -4) : base;
}

/** The ShellCheck dialect of a POSIX-like shell program, or null for shells it cannot read. */
export function shellcheckDialect(program: string): 'sh' | 'bash' | 'dash' | 'ksh' | null {
  switch (programName(program)) {
    case 'sh':
    case 'ash':
    case 'busybox':
      return 'sh';
    case 'bash':
      return 'bash';
    case 'dash':
      return 'dash';
    case 'ksh':
    case 'mksh':
      return 'ksh';
    default:
      return null;
  }
}
