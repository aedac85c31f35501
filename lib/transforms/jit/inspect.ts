/** Seeing what the transforms did: the traced program as text (like make_jaxpr) or as Graphviz DOT. */
import type { AbstractValue } from '../../array/ir';
import { planFusion, slotAval } from './fuse';
import { traceForJit } from './index';
import type { Program } from './program';
import { ClosedProgram } from '../control/program';

const typeText = (a: AbstractValue) => `${a.dtype}[${a.shape.join(',')}]`;

/** a, b, ..., z, ba, bb, ... */
function varName(i: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26);
  } while (i > 0);
  return s;
}

/** Params as `[k=v ...]`; a sub-program (a loop body, a branch) printed nested, as make_jaxpr does. */
function paramText(prim: string, p: Readonly<Record<string, unknown>>, indent: string): string {
  const text = (v: unknown): string =>
    v instanceof ClosedProgram ? programText(v.program, `${indent}    `) : Array.isArray(v) && v.some((x) => x instanceof ClosedProgram) ? `(${v.map(text).join(' ')})` : JSON.stringify(v);
  // a projection's aval is its type, printed already
  const entries = Object.entries(p).filter(([k]) => k !== 'level' && !(prim === 'proj' && k === 'aval'));
  return entries.length ? `[${entries.map(([k, v]) => `${k}=${text(v)}`).join(' ')}]` : '';
}

export function programText(prog: Program, indent = ''): string {
  const n = (s: number) => varName(s);
  const decl = (s: number) => `${n(s)}:${typeText(slotAval(prog, s))}`;
  const na = prog.argAvals.length, nc = prog.consts.length;
  const fused = new Map<number, number>();
  planFusion(prog).forEach((g, gi) => g.ops.forEach((k) => fused.set(k, gi)));
  const lines = prog.ops.map((op, k) => {
    const tag = fused.has(k) ? `  # fused loop ${fused.get(k)}` : '';
    return `${indent}    ${decl(na + nc + k)} = ${op.prim}${paramText(op.prim, op.params, indent)} ${op.inputs.map(n).join(' ')}${tag}`;
  });
  const args = prog.argAvals.map((_, i) => decl(i)).join(' ');
  const consts = prog.consts.map((_, i) => decl(na + i)).join(' ');
  return `{ lambda ${consts}; ${args}. let\n${lines.join('\n')}\n${indent}  in (${prog.outputs.map(n).join(', ')}) }`;
}

export function programDot(prog: Program): string {
  const out: string[] = ['digraph program {', '  rankdir=TB;', '  compound=true;'];
  dotBody(prog, 'n', '  ', out);
  out.push('}');
  return out.join('\n');
}

/** One program's nodes named with `id` as prefix; a sub-program is a cluster linked to the op that holds it. */
function dotBody(prog: Program, id: string, pad: string, out: string[]): void {
  const na = prog.argAvals.length, nc = prog.consts.length;
  for (let s = 0; s < na + nc; s++)
    out.push(`${pad}${id}${s} [shape=box, label="${varName(s)}: ${typeText(slotAval(prog, s))}${s < na ? '' : ' (const)'}"];`);
  prog.ops.forEach((op, k) => {
    const s = na + nc + k;
    out.push(`${pad}${id}${s} [label="${op.prim}\\n${varName(s)}: ${typeText(op.aval)}"];`);
    op.inputs.forEach((i) => out.push(`${pad}${id}${i} -> ${id}${s};`));
    Object.entries(op.params).forEach(([name, v]) =>
      (Array.isArray(v) ? v : [v]).forEach((sub, j) => {
        if (!(sub instanceof ClosedProgram)) return;
        const inner = `${id}${s}_${name}${j}_`;
        out.push(`${pad}subgraph cluster_${inner} {`, `${pad}  label="${op.prim} ${name}${Array.isArray(v) ? ` ${j}` : ''}"; style=dashed;`);
        dotBody(sub.program, inner, `${pad}  `, out);
        out.push(`${pad}}`, `${pad}${inner}0 -> ${id}${s} [style=dotted, ltail=cluster_${inner}];`);
      }),
    );
  });
  prog.outputs.forEach((s, i) => {
    out.push(`${pad}${id}out${i} [shape=doublecircle, label="out ${i}"];`);
    out.push(`${pad}${id}${s} -> ${id}out${i};`);
  });
}

/** `inspect(f)(...args)`: the program `f` traces to at these arguments, as text. */
export const inspect = (f: (...a: any[]) => unknown) => (...args: unknown[]): string => programText(traceForJit(f, args, new Set()).program);

/** `toDot(f)(...args)`: the same program as a Graphviz DOT digraph. */
export const toDot = (f: (...a: any[]) => unknown) => (...args: unknown[]): string => programDot(traceForJit(f, args, new Set()).program);
